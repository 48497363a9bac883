using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareSlot.Web.Features.Surveys;

public static class SurveysRegistration
{
    public static IHostApplicationBuilder AddSurveys(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddScoped<SurveyInvitations>()
            .AddScoped<SaveSurvey>()
            .AddScoped<SendSurvey>()
            .AddScoped<AnswerSurvey>()
            .AddScoped<SurveyResults>()
            .AddScoped<SurveyQueries>()
            // Invites after a visit in the save that completes it.
            .AddScoped<IInterceptor, SurveysAfterVisits>()
            .AddEncryptedColumn<SurveyAnswer>(AnswerSurvey.TextColumn);
        return builder;
    }
}
