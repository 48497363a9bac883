using MailKit.Net.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>
/// Can the SMTP server be reached: connect (greeting and EHLO, STARTTLS as configured), NOOP, QUIT, within
/// <see cref="Timeout"/>. Registered as Degraded on failure: messages wait in the outbox, so the instance still serves.
/// </summary>
public sealed class SmtpServerCheck(IOptions<SmtpOptions> options) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var smtp = options.Value;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, SmtpEmailTransport.SocketOptions(smtp.Security), limit.Token);
            await client.NoOpAsync(limit.Token);
            await client.DisconnectAsync(quit: true, limit.Token);
            return HealthCheckResult.Healthy($"SMTP server {smtp.Host}:{smtp.Port} answered.");
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The type only: a server's reply may quote configuration.
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"SMTP server {smtp.Host}:{smtp.Port} did not answer ({failure.GetType().Name}); e-mail waits in the outbox.");
        }
    }
}

/// <summary>
/// Can the SMS gateway be reached: one GET of its base address within <see cref="Timeout"/>, without the retries of
/// real sends. Any HTTP answer counts (the address alone is not an API call and may well be 404); no answer is
/// Degraded, as for SMTP.
/// </summary>
public sealed class SmsGatewayCheck(IHttpClientFactory clients, IOptions<SmsGatewayOptions> options) : IHealthCheck
{
    public const string ClientName = "sms-gateway-probe";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var gateway = new Uri(options.Value.BaseUrl);
        var host = gateway.GetLeftPart(UriPartial.Authority);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(gateway, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            return HealthCheckResult.Healthy($"SMS gateway {host} answered ({(int)response.StatusCode}).");
        }
        catch (Exception failure) when (failure is HttpRequestException || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"SMS gateway {host} did not answer ({failure.GetType().Name}); text messages wait in the outbox.");
        }
    }
}
