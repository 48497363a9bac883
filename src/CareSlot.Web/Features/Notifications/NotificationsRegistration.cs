using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;

namespace CareSlot.Web.Features.Notifications;

public static class NotificationsRegistration
{
    /// <summary>Retries after the first attempt to reach the SMS gateway.</summary>
    public const int SmsRetries = 3;

    /// <summary>Delivery, then what the messages say, then the outbox that queues and sends them.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDelivery();
        var services = builder.Services;

        services.AddSingleton<NotificationRenderer>();

        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services
            .AddScoped<DispatchOutbox>()
            .AddScoped<DeliveryLog>()
            .AddScoped<AccountMessages>()
            .AddScoped<MessageNotices>()
            .AddScoped<HandOverNotices>()
            .AddScoped<DisputeNotices>()
            .AddScoped<TicketNotices>()
            .AddScoped<ReviewNotices>()
            .AddSingleton<OutboxSignal>()
            .AddSingleton<OutboxLag>()
            .AddSingleton<IOutboxReadings>(services => services.GetRequiredService<OutboxLag>())
            .AddHostedService<OutboxDispatcher>();
        return builder;
    }

    /// <summary>
    /// E-mail goes over SMTP when <c>Email:Smtp:Host</c> is set, text messages to the gateway when
    /// <c>Sms:Gateway:BaseUrl</c> is set; whatever is not configured goes to the development mailbox
    /// (<c>Mailbox:Path</c>), which <see cref="DevelopmentMailbox"/> reads. Part of <see cref="AddNotifications"/>;
    /// public so the delivery tests can build the transports alone.
    /// </summary>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => MailboxAddress.TryParse(o.From, out var from) && from.Address.Contains('@', StringComparison.Ordinal),
                "Email:From must be one address, such as 'CareSlot <no-reply@example.org>'.")
            .ValidateOnStart();
        services.AddOptions<MailboxOptions>().BindConfiguration(MailboxOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<MailboxWriter>();
        services.AddSingleton<DevelopmentMailbox>();

        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SmtpOptions.Section}:Host"]))
        {
            services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
                .ValidateDataAnnotations()
                .Validate<IHostEnvironment>((smtp, environment) => smtp.TransportIsAcceptable(environment), SmtpOptions.PlainTextRefused)
                .ValidateOnStart();
            services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
            services.AddHealthChecks().AddCheck<SmtpServerCheck>("smtp", HealthStatus.Degraded, [HealthExtensions.Ready]);
        }
        else
        {
            services.AddSingleton<IEmailTransport, MailboxEmailTransport>();
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SmsGatewayOptions.Section}:BaseUrl"]))
        {
            services.AddOptions<SmsGatewayOptions>().BindConfiguration(SmsGatewayOptions.Section)
                .ValidateDataAnnotations()
                .Validate<IHostEnvironment>((sms, environment) => sms.TransportIsAcceptable(environment), SmsGatewayOptions.PlainTextRefused)
                .ValidateOnStart();
            services.AddHttpClient<ISmsTransport, HttpSmsGatewayTransport>(http => http.Timeout = Timeout.InfiniteTimeSpan)
                .AddResilienceHandler("sms-gateway", ConfigureSmsGatewayPipeline);
            services.AddHttpClient(SmsGatewayCheck.ClientName, http => http.Timeout = SmsGatewayCheck.Timeout);
            services.AddHealthChecks().AddCheck<SmsGatewayCheck>("sms-gateway", HealthStatus.Degraded, [HealthExtensions.Ready]);
        }
        else
        {
            services.AddSingleton<ISmsTransport, MailboxSmsTransport>();
        }

        return builder;
    }

    /// <summary>
    /// Outermost a bound on the whole send, then the retries, then a timeout per attempt (so a hung attempt
    /// is retried like a 5xx). HttpClient's own timeout is off: these two replace it.
    /// </summary>
    private static void ConfigureSmsGatewayPipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var gateway = context.ServiceProvider.GetRequiredService<IOptions<SmsGatewayOptions>>().Value;
        var attempt = TimeSpan.FromSeconds(gateway.TimeoutSeconds);
        var maxDelay = TimeSpan.FromSeconds(30);
        // Polly would take the app's TimeProvider from DI. Timeouts and backoff measure real waiting on a real
        // network, and a test clock that stands still (FakeTimeProvider) would hang every retry forever.
        pipeline.TimeProvider = TimeProvider.System;
        pipeline
            .AddTimeout(attempt * (SmsRetries + 1) + maxDelay * SmsRetries)
            .AddRetry(new HttpRetryStrategyOptions
            {
                // The default predicate: HttpRequestException, attempt timeouts, 5xx, 408 and 429.
                MaxRetryAttempts = SmsRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(gateway.RetryBaseDelayMilliseconds),
                MaxDelay = maxDelay,
                // A Retry-After of minutes would hold the caller; the backoff above is bounded instead,
                // and whoever queued the message can try again later (DeliveryException.IsTransient).
                ShouldRetryAfterHeader = false,
            })
            .AddTimeout(attempt);
    }
}
