using CareSlot.Web.Platform.Security.Encryption;

namespace CareSlot.Web.Features.HelpDesk;

public static class HelpDeskRegistration
{
    public static IHostApplicationBuilder AddHelpDesk(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<HelpDeskOptions>().BindConfiguration(HelpDeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddScoped<TicketDesk>()
            .AddScoped<TicketQueries>()
            .AddScoped<OpenTicket>()
            .AddScoped<ReplyToTicket>()
            .AddScoped<AnswerTicket>()
            .AddScoped<UpdateTicket>()
            .AddEncryptedColumn<TicketPost>(TicketDesk.BodyColumn)
            .AddEncryptedColumn<TicketPost>(TicketDesk.SubjectColumn);
        return builder;
    }
}
