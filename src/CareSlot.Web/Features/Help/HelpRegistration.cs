namespace CareSlot.Web.Features.Help;

public static class HelpRegistration
{
    public static IHostApplicationBuilder AddHelp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<HelpOptions>().BindConfiguration(HelpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddSingleton<FaqMarkdown>()
            .AddScoped<FaqQueries>()
            .AddScoped<SaveFaqEntry>()
            .AddScoped<VoteOnFaqEntry>();
        return builder;
    }
}
