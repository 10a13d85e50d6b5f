using System.Globalization;
using System.Text;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>One HTTP request in, through the handler's slot, one response out.</summary>
internal sealed partial class RequestHandler(PluginHost host, string file, string function, ILogger logger)
{
    private static readonly Keyword Method = Keyword.Intern("method");
    private static readonly Keyword PathKey = Keyword.Intern("path");
    private static readonly Keyword Query = Keyword.Intern("query");
    private static readonly Keyword Headers = Keyword.Intern("headers");
    private static readonly Keyword Body = Keyword.Intern("body");
    private static readonly Keyword Status = Keyword.Intern("status");

    // The slot is taken on the first request, so the module may be loaded by the hosted service
    // that starts after the endpoints are mapped.
    private Slot? _slot;

    public async Task HandleAsync(HttpContext context)
    {
        var request = await ToValueAsync(context.Request).ConfigureAwait(false);
        object? result;
        try
        {
            _slot ??= host.GetSlot(file, function);
            var key = context.Request.Headers[HandlerEndpoints.CanaryKeyHeader].ToString();
            // A client that goes away stops the handler where it runs (a loop, a wait), not only its response.
            using (key.Length > 0 ? PluginHost.RouteBy(key) : null)
            using (Runtime.Interrupts.Scope(context.RequestAborted))
            {
                result = _slot.Invoke(request);
            }
        }
        catch (FluentAIException e) when (e.Code == ErrorCodes.Interrupted && context.RequestAborted.IsCancellationRequested)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                string path = context.Request.Path, location = e.Location?.ToString() ?? file;
                LogAborted(logger, context.Request.Method, path, location);
            }

            return;
        }
        catch (FluentAIException e)
        {
            LogFailed(logger, e, context.Request.Method, context.Request.Path, e.Location?.ToString() ?? file);
            await WriteAsync(context.Response, 500, "text/plain; charset=utf-8", "internal error\n").ConfigureAwait(false);
            return;
        }
        catch (ModuleLoadException e)
        {
            LogUnavailable(logger, e, file);
            await WriteAsync(context.Response, 503, "text/plain; charset=utf-8", "handler unavailable\n").ConfigureAwait(false);
            return;
        }

        await WriteResultAsync(context.Response, result).ConfigureAwait(false);
    }

    /// <summary>The request as the FluentAI map the handler gets.</summary>
    internal static async Task<FMap> ToValueAsync(HttpRequest request)
    {
        var queryBuilder = FMap.Empty.ToBuilder();
        foreach (var (name, values) in request.Query)
        {
            queryBuilder.Assoc(name, values.ToString());
        }

        var query = queryBuilder.Persistent();
        var headersBuilder = FMap.Empty.ToBuilder();
        foreach (var (name, values) in request.Headers)
        {
            headersBuilder.Assoc(name.ToLowerInvariant(), string.Join(", ", values.ToArray()));
        }

        var headers = headersBuilder.Persistent();

        var body = "";
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        }

        return FMap.Of(Method, request.Method, PathKey, request.Path.Value ?? "/", Query, query, Headers, headers, Body, body);
    }

    /// <summary>A GET of <paramref name="path"/> with no query, headers or body, as a health probe sends it.</summary>
    internal static FMap Probe(string path) =>
        FMap.Of(Method, "GET", PathKey, path, Query, FMap.Empty, Headers, FMap.Empty, Body, "");

    private async Task WriteResultAsync(HttpResponse response, object? result)
    {
        switch (result)
        {
            case string text:
                await WriteAsync(response, 200, "text/plain; charset=utf-8", text).ConfigureAwait(false);
                return;
            case FMap map:
                var status = map[Status] switch
                {
                    null => 200,
                    long s and >= 100 and <= 599 => (int)s,
                    _ => -1,
                };
                if (status < 0)
                {
                    LogBadResponse(logger, function, file, $":status {Printer.Print(map[Status])} (an integer from 100 to 599)");
                    await WriteAsync(response, 500, "text/plain; charset=utf-8", "internal error\n").ConfigureAwait(false);
                    return;
                }

                var contentType = (string?)null;
                if (map[Headers] is FMap headers)
                {
                    foreach (var (name, value) in headers)
                    {
                        var header = name is Keyword k ? k.Name : Convert.ToString(name, CultureInfo.InvariantCulture) ?? "";
                        var text = value is string s ? s : Printer.Print(value);
                        if (header.Equals("content-type", StringComparison.OrdinalIgnoreCase))
                        {
                            contentType = text;
                        }
                        else
                        {
                            response.Headers.Append(header, text);
                        }
                    }
                }

                var (body, type) = map[Body] switch
                {
                    null => ("", "text/plain; charset=utf-8"),
                    string s => (s, "text/plain; charset=utf-8"),
                    var value => (ResponseJson.Write(value), "application/json"),
                };
                await WriteAsync(response, status, contentType ?? type, body).ConfigureAwait(false);
                return;
            default:
                LogBadResponse(logger, function, file, Printer.Print(result));
                await WriteAsync(response, 500, "text/plain; charset=utf-8", "internal error\n").ConfigureAwait(false);
                return;
        }
    }

    private static Task WriteAsync(HttpResponse response, int status, string contentType, string body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        return response.WriteAsync(body, response.HttpContext.RequestAborted);
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "{Method} {Path} failed at {Location}")]
    private static partial void LogFailed(ILogger logger, Exception error, string method, string path, string location);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "{Method} {Path}: the client went away; the handler was stopped at {Location}")]
    private static partial void LogAborted(ILogger logger, string method, string path, string location);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "The handler module {Module} cannot be loaded")]
    private static partial void LogUnavailable(ILogger logger, Exception error, string module);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "({Function} ...) of {Module} returned {Value}: expected a string or a map {{:status :headers :body}}")]
    private static partial void LogBadResponse(ILogger logger, string function, string module, string value);
}
