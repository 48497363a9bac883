using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>
/// A Twilio-style REST client: <c>POST {BaseUrl}/Accounts/{AccountId}/Messages.json</c> with Basic auth and a
/// form. Retries (5xx, 408, 429, timeouts, connection failures) happen in the resilience handler that
/// <see cref="NotificationsRegistration.AddDelivery"/> puts in front of this client; what reaches this class is final.
/// </summary>
public sealed partial class HttpSmsGatewayTransport(
    HttpClient http, IOptions<SmsGatewayOptions> options, ILogger<HttpSmsGatewayTransport> logger) : ISmsTransport
{
    public async Task SendAsync(SmsMessage message, CancellationToken ct)
    {
        SmsRecipient.EnsureE164(message);
        var gateway = options.Value;
        var url = new Uri($"{gateway.BaseUrl.TrimEnd('/')}/Accounts/{Uri.EscapeDataString(gateway.AccountId)}/Messages.json");
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{gateway.AccountId}:{gateway.AuthToken}"));

        HttpResponseMessage response;
        try
        {
            // On a retry the resilience handler sends this same request again; form content is a byte array, so it can.
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new FormUrlEncodedContent([
                    new("To", message.To),
                    new("From", gateway.From),
                    new("Body", message.Body),
                ]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException e)
        {
            throw new DeliveryException("The SMS gateway did not answer in time, after retries.", isTransient: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"The SMS gateway could not be reached ({e.HttpRequestError}).", isTransient: true, e);
        }

        using (response)
        {
            // The answer's body is never read: gateways echo the message, which may hold a code or health data.
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                LogSent(logger, status);
                return;
            }
            var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            throw new DeliveryException(
                transient
                    ? $"The SMS gateway kept failing: HTTP {status} after {NotificationsRegistration.SmsRetries + 1} attempts."
                    : $"The SMS gateway rejected the message: HTTP {status}.",
                transient);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Text message accepted by the SMS gateway (HTTP {Status})")]
    private static partial void LogSent(ILogger logger, int status);
}
