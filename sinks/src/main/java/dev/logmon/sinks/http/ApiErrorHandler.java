package dev.logmon.sinks.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request the server refuses before it reaches the API (headers too large, a
 * malformed request line...): the same {@code {"error":"..."}} JSON as the API's own errors, made
 * of the status code and its standard reason only, so nothing the client sent is echoed back,
 * with the same security headers as every other answer.
 */
final class ApiErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(final Request request, final Response response, final int code,
                                    final String message, final Throwable cause, final Callback callback) {
        final String reason = HttpStatus.getMessage(code);
        final byte[] body = ("{\"error\":\"" + code + " " + (reason == null ? "" : reason.replace('"', '\''))
                + "\"}").getBytes(StandardCharsets.US_ASCII);
        HttpApiServer.secure(response);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
