using CareSlot.Web.Features.Accounts;

namespace CareSlot.Web.Features.Consents;

public static class ConsentsRegistration
{
    public static IHostApplicationBuilder AddConsents(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddScoped<ConsentLedger>()
            .AddScoped<ConsentDisplay>()
            .AddScoped<ISmsReminderChoice, SmsReminderChoice>();
        return builder;
    }

    /// <summary>After authorization: it needs the signed-in person and the page the request is routed to.</summary>
    public static IApplicationBuilder UseConsentReview(this IApplicationBuilder app) => app.UseMiddleware<ConsentReview>();
}
