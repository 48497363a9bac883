using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>One request the fake gateway received.</summary>
/// <param name="Authorization">The raw Authorization header, e.g. <c>Basic QUMx...</c>.</param>
public sealed record GatewayRequest(string Method, string Path, string? Authorization, IReadOnlyDictionary<string, string> Form);

/// <summary>
/// A Twilio-style SMS gateway on a free loopback port (Kestrel). It records every request and answers
/// 201 unless told otherwise with <see cref="FailNext"/> or <see cref="StallNext"/>.
/// </summary>
public sealed class FakeSmsGateway : IAsyncLifetime
{
    /// <summary>Echoed in error answers, like real gateways do; the app must never repeat it.</summary>
    public const string ErrorDetail = "The 'To' number is not a valid phone number.";

    private readonly ConcurrentQueue<GatewayRequest> requests = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> plannedAnswers = new();
    private WebApplication? app;

    /// <summary>For the app's <c>Sms:Gateway:BaseUrl</c>, e.g. <c>http://127.0.0.1:41234/2010-04-01</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<GatewayRequest> Requests => [.. requests];

    /// <summary>Settings that point the app's SMS transport at this gateway (with tiny retry delays).</summary>
    public Dictionary<string, string?> Settings(string accountId = "AC-test", string authToken = "secret-token") => new()
    {
        ["Sms:Gateway:BaseUrl"] = BaseUrl,
        ["Sms:Gateway:AccountId"] = accountId,
        ["Sms:Gateway:AuthToken"] = authToken,
        ["Sms:Gateway:From"] = "+15005550006",
        ["Sms:Gateway:TimeoutSeconds"] = "1",
        ["Sms:Gateway:RetryBaseDelayMilliseconds"] = "1",
    };

    public static async Task<FakeSmsGateway> StartAsync()
    {
        var gateway = new FakeSmsGateway();
        await gateway.InitializeAsync();
        return gateway;
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/2010-04-01/{**rest}", HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        BaseUrl = app.Urls.Single().TrimEnd('/') + "/2010-04-01";
    }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (500 unless told).</summary>
    public void FailNext(int count, HttpStatusCode status = HttpStatusCode.InternalServerError)
    {
        for (var i = 0; i < count; i++)
        {
            plannedAnswers.Enqueue(context =>
            {
                context.Response.StatusCode = (int)status;
                return context.Response.WriteAsJsonAsync(new { code = 21211, message = ErrorDetail, status = (int)status });
            });
        }
    }

    /// <summary>The next <paramref name="count"/> requests get no answer until the client gives up.</summary>
    public void StallNext(int count)
    {
        for (var i = 0; i < count; i++)
        {
            plannedAnswers.Enqueue(async context =>
            {
                var abandoned = new TaskCompletionSource();
                await using var registration = context.RequestAborted.Register(() => abandoned.TrySetResult());
                await abandoned.Task;
            });
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : [];
        requests.Enqueue(new GatewayRequest(
            context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.FirstOrDefault(), form));

        if (plannedAnswers.TryDequeue(out var answer))
        {
            await answer(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { sid = $"SM{Guid.NewGuid():N}", status = "queued" });
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}
