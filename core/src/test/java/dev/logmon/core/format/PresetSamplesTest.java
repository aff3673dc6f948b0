package dev.logmon.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.RealLogFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every preset against a real sample (src/test/resources/formats/PROVENANCE.md, or the peers'
 * fixtures under shared/data/real read in place), compared with counts made independently of
 * logmon: by reading the lines (or with awk, as noted) and from the upstream projects' own
 * expected parses.
 */
class PresetSamplesTest {

    @Test
    void shouldReadAnAwsApplicationLoadBalancerLogKeepingTheHitsWithoutATarget() {
        // AWS's documented ALB entries (http, https, h2, ws, wss, two to Lambda with no target "-") plus the http
        // one edited to -1 -1 -1 504 - (the docs show no such line): counted with python's shlex, see PROVENANCE
        final FormatSample s = FormatSample.of(FormatSample.resource("awsalb.log"), "awsalb");
        assertThat(s.read).isEqualTo(8);
        assertThat(s.parsed).isEqualTo(8);
        assertThat(s.statuses).isEqualTo(Map.of(200, 4, 101, 2, 502, 1, 504, 1));
        assertThat(s.hosts).isEqualTo(Map.of("192.168.131.39", 5, "10.0.0.140", 2, "10.0.1.252", 1)); // ports dropped
        assertThat(s.sections).isEqualTo(Map.of("/", 8));
        assertThat(s.bytes).isEqualTo(366 + 57 + 257 + 587 + 786 + 366 + 366 + 366); // sent_bytes
        assertThat(s.noLatency).isEqualTo(1);
        assertThat(s.withLatency).isEqualTo(7);
        // target_processing_time 0.001 0.048 0.002 0.003 0.001 0.001 0.001 (and -1)
        assertThat(s.latencyMicros).isEqualTo(1000 + 48_000 + 2000 + 3000 + 1000 + 1000 + 1000);
        assertThat(s.firstSecond).isEqualTo(1_530_570_180L); // 2018-07-02T22:23:00Z
    }

    @Test
    void shouldReadAClassicLoadBalancerLogRefusingTheTcpAndSslListenerEntriesThatHaveNoStatus() {
        // AWS's four documented Classic entries: HTTP, HTTPS, then TCP and SSL listeners with "-" as both statuses
        final FormatSample s = FormatSample.of(FormatSample.resource("awselb.log"), "awselb");
        assertThat(s.read).isEqualTo(4);
        assertThat(s.parsed).isEqualTo(2);
        assertThat(s.malformed).isEqualTo(Map.of(MalformedReason.BAD_STATUS, 2));
        assertThat(s.statuses).isEqualTo(Map.of(200, 2));
        assertThat(s.hosts).isEqualTo(Map.of("192.168.131.39", 2));
        assertThat(s.sections).isEqualTo(Map.of("/", 2));
        assertThat(s.bytes).isEqualTo(29 + 57);
        assertThat(s.latencyMicros).isEqualTo(1048 + 1048); // backend_processing_time 0.001048 twice
        assertThat(s.firstSecond).isEqualTo(1_431_560_383L); // 2015-05-13T23:39:43Z
    }

    @Test
    void shouldReadAnS3ServerAccessLog() {
        // the S3 user guide's five records, with its newer trailing fields (access point ARN, ACL required)
        final FormatSample s = FormatSample.of(FormatSample.resource("awss3.log"), "awss3");
        assertThat(s.read).isEqualTo(5);
        assertThat(s.parsed).isEqualTo(5);
        assertThat(s.statuses).isEqualTo(Map.of(200, 4, 404, 1));
        assertThat(s.hosts).isEqualTo(Map.of("192.0.2.3", 5));
        assertThat(s.sections).isEqualTo(Map.of("/DOC-EXAMPLE-BUCKET1", 5));
        assertThat(s.bytes).isEqualTo(113 + 242 + 297 + 113); // bytes_sent, "-" once
        assertThat(s.latencyMicros).isEqualTo((7 + 11 + 38 + 33 + 41_754) * 1000L); // total_time ms
        assertThat(s.firstSecond).isEqualTo(1_549_411_238L); // 06/Feb/2019:00:00:38 +0000
    }

    @Test
    void shouldReadHaproxyHttpLogsBehindTheirSyslogHeader() {
        final FormatSample s = FormatSample.of(FormatSample.resource("haproxy.log"), "haproxy");
        assertThat(s.parsed).isEqualTo(4);
        assertThat(s.statuses).isEqualTo(Map.of(503, 3, 304, 1));
        assertThat(s.hosts).isEqualTo(Map.of("127.0.0.1", 3, "1.2.3.4", 1));
        assertThat(s.sections).isEqualTo(Map.of("/", 1, "/foo", 2,
                "/component---src-pages-index-js-4b15624544f97cf0bb8f.js", 1));
        assertThat(s.bytes).isEqualTo(3 * 213 + 168);
        assertThat(s.latencyMicros).isEqualTo(2000); // Ta: 0, 0, 0, 2 ms
        assertThat(s.firstSecond).isEqualTo(1_544_443_306L); // 10/Dec/2018:12:01:46, read as UTC
    }

    @Test
    void shouldReadTraefiksCommonLogFormatAndRefuseTheSampleLineWithABrokenQuote() {
        // Beats' traefik test.log line 2 has "Host-host1 with no closing quote: the router field never ends
        final FormatSample s = FormatSample.of(FormatSample.resource("traefikclf.log"), "traefikclf");
        assertThat(s.parsed).isEqualTo(1);
        assertThat(s.malformed).isEqualTo(Map.of(MalformedReason.TRUNCATED, 1));
        assertThat(s.latencyMicros).isEqualTo(2000); // 2ms
        assertThat(s.sections).isEqualTo(Map.of("/ui", 1));
    }

    @Test
    void shouldReadCloudFrontByItsFieldsHeaderWithTimeTakenInSeconds() {
        final FormatSample s = FormatSample.of(FormatSample.resource("cloudfront.log"), "cloudfront");
        assertThat(s.read).isEqualTo(4);
        assertThat(s.malformed).isEqualTo(Map.of(MalformedReason.COMMENT, 2));
        assertThat(s.statuses).isEqualTo(Map.of(200, 1, 304, 1));
        assertThat(s.hosts).isEqualTo(Map.of("192.0.2.10", 1, "192.0.2.202", 1));
        assertThat(s.sections).isEqualTo(Map.of("/view", 1, "/soundtrack", 1));
        assertThat(s.bytes).isEqualTo(182 + 2_390_282);
        assertThat(s.latencyMicros).isEqualTo(1000 + 2000); // 0.001 s, 0.002 s
        assertThat(s.firstSecond).isEqualTo(1_400_807_591L); // 2014-05-23T01:13:11Z
    }

    @Test
    void shouldReadSquidNativeLogs() {
        final FormatSample s = FormatSample.of(FormatSample.resource("squid.log"), "squid");
        assertThat(s.parsed).isEqualTo(5);
        assertThat(s.statuses).isEqualTo(Map.of(200, 1, 301, 1, 403, 1, 304, 1, 400, 1));
        assertThat(s.sections).isEqualTo(Map.of("/", 3, "/msdownload", 1, "(none)", 1)); // cache_object: no path
        assertThat(s.bytes).isEqualTo(2965 + 483 + 8175 + 386 + 1513);
        assertThat(s.latencyMicros).isEqualTo((0 + 97 + 0 + 5010 + 23) * 1000L);
        assertThat(s.firstSecond).isEqualTo(1_486_686_388L);
    }

    @Test
    void shouldReadGoogleCloudStorageUsageLogsCountingTheirHeaderLinesAsComments() {
        final FormatSample s = FormatSample.of(FormatSample.resource("cloudstorage.log"), "cloudstorage");
        assertThat(s.read).isEqualTo(7);
        assertThat(s.malformed).isEqualTo(Map.of(MalformedReason.COMMENT, 2));
        assertThat(s.statuses).isEqualTo(Map.of(200, 2, 304, 2, 404, 1));
        assertThat(s.sections).isEqualTo(Map.of("/v1", 5));
        assertThat(s.bytes).isEqualTo(277 + 267);
        assertThat(s.latencyMicros).isEqualTo(488_000 + 164_000 + 168_000 + 493_000 + 163_000);
        assertThat(s.firstSecond).isEqualTo(1_693_206_014L);
    }

    @Test
    void shouldReadCaddyJsonWithTheClientAddressAndStatusZero() {
        // crowdsec hub caddy-logs.log: 7 lines of "status":0, client_ip differs from remote_ip on 3
        final FormatSample s = FormatSample.of(FormatSample.resource("caddy.log"), "caddy");
        assertThat(s.parsed).isEqualTo(10);
        assertThat(s.statuses).isEqualTo(Map.of(0, 7, 401, 2, 200, 1));
        assertThat(s.hosts).isEqualTo(Map.of("127.0.0.1", 6, "172.17.0.1", 4));
        assertThat(s.bytes).isEqualTo(18_630);
        assertThat(s.withLatency).isEqualTo(10);
    }

    @Test
    void shouldReadIisW3cLogsWhoseHeaderRepeatsAtEachRestart() {
        // netdata's u_ex221107.log; counted with awk: 152 data lines, 16 directive lines (4 headers),
        // c-ip ::1 114 / 127.0.0.1 38, sc-status 200 99 / 304 11 / 404 42, time-taken sum 799 ms
        final FormatSample s = FormatSample.of(RealLogFiles.read(RealLogFiles.require("peers/netdata/u_ex221107.log")),
                "w3c");
        assertThat(s.read).isEqualTo(168);
        assertThat(s.parsed).isEqualTo(152);
        assertThat(s.malformed).isEqualTo(Map.of(MalformedReason.COMMENT, 16));
        assertThat(s.hosts).isEqualTo(Map.of("::1", 114, "127.0.0.1", 38));
        assertThat(s.statuses).isEqualTo(Map.of(200, 99, 304, 11, 404, 42));
        assertThat(s.withLatency).isEqualTo(152);
        assertThat(s.latencyMicros).isEqualTo(799_000);
        assertThat(s.firstSecond).isEqualTo(1_667_831_346L); // 2022-11-07 14:29:06 UTC
    }

    @Test
    void shouldReadTheFieldsOfAW3cFileFromItsOwnHeader() {
        // lnav's logfile_w3c.0: c-ip third, no time-taken
        final FormatSample s = FormatSample.of(FormatSample.resource("w3c-lnav.log"), "w3c");
        assertThat(s.malformed).isEqualTo(Map.of(MalformedReason.COMMENT, 4));
        assertThat(s.hosts).isEqualTo(Map.of("172.22.255.255", 1));
        assertThat(s.sections).isEqualTo(Map.of("/images", 1));
        assertThat(s.withLatency).isZero();
        assertThat(s.firstSecond).isEqualTo(1_020_361_335L); // 2002-05-02 17:42:15 UTC
    }

    @Test
    void shouldReadAVirtualHostCommonLog() {
        // netdata's full.log: awk '$1 ~ /:[0-9]+$/ && NF==20' gives 452 lines (sizes sum 1373185);
        // the 48 "Unmatched!" lines have no vhost:port
        final FormatSample s = FormatSample.of(RealLogFiles.read(RealLogFiles.require("peers/netdata/full.log")),
                "vcommon");
        assertThat(s.read).isEqualTo(500);
        assertThat(s.parsed).isEqualTo(452);
        assertThat(s.malformed).isEqualTo(Map.of(MalformedReason.TRUNCATED, 48));
        assertThat(s.bytes).isEqualTo(1_373_185);
        assertThat(s.statuses).isEqualTo(Map.of(100, 60, 101, 50, 200, 58, 201, 70, 300, 58, 301, 61, 400, 49,
                401, 46));
    }

    @Test
    void shouldTakeTheFirstAddressOfBeatsNginxLinesWhoseRemoteAddressIsAList() {
        // Beats nginx test.log, 7 lines: 1 and 3 start "10.0.0.2, 10.0.0.1, ..." (Beats lists them all); 5 and 6
        // put a forwarded list before the remote address, a layout no Common parser reads; 7 has an empty request
        final FormatSample s = FormatSample.of(RealLogFiles.read(RealLogFiles.require("peers/beats/nginx-test.log")),
                "combined");
        assertThat(s.read).isEqualTo(7);
        assertThat(s.parsed).isEqualTo(5);
        assertThat(s.hosts).isEqualTo(Map.of("10.0.0.2", 2, "172.17.0.1", 1, "85.181.35.98", 1, "127.0.0.1", 1));
        assertThat(s.malformed).isEqualTo(Map.of(MalformedReason.BAD_TIMESTAMP, 2));
    }
}
