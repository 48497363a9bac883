using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.AspNetCore.Authorization;

namespace CareSlot.Web.Features.HelpDesk;

public static class HelpDeskRegistration
{
    public static IHostApplicationBuilder AddHelpDesk(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<HelpDeskOptions>().BindConfiguration(HelpDeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<HelpDeskOptions>()
            .Validate<IHostEnvironment>((help, environment) => help.Mailbox.TransportIsAcceptable(environment), SupportMailboxOptions.PlainTextRefused);
        builder.Services
            .AddScoped<TicketDesk>()
            .AddScoped<TicketQueries>()
            .AddScoped<OpenTicket>()
            .AddScoped<ReplyToTicket>()
            .AddScoped<AnswerTicket>()
            .AddScoped<UpdateTicket>()
            .AddScoped<ImportSupportEmail>()
            .AddScoped<CannedAnswers>()
            .AddScoped<SupportAccounts>()
            .AddScoped<ActForPatient>()
            .AddScoped<IAuthorizationHandler, SupportOperationAuthorizationHandler>()
            .AddSingleton<SupportMailbox>()
            .AddHostedService<SupportMailboxPoller>()
            .AddEncryptedColumn<TicketPost>(TicketDesk.BodyColumn)
            .AddEncryptedColumn<TicketPost>(TicketDesk.SubjectColumn)
            .AddEncryptedColumn<TicketFile>(TicketDesk.FileNameColumn)
            .AddEncryptedColumn<TicketFile>(TicketDesk.ContentColumn);
        return builder;
    }
}
