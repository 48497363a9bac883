using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OutputCaching;

namespace CareSlot.Web.Features.Doctors;

public static class DoctorsRegistration
{
    public static IHostApplicationBuilder AddDoctors(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.AddPolicy(DirectoryCache.SearchPolicy, policy =>
            {
                if (DirectoryCache.Seconds(configuration) <= 0) policy.NoCache();
                else policy.AddPolicy<DirectoryCache.SpreadExpiry>().SetVaryByQuery("*").Tag(DirectoryCache.Tag);
            });
        });

        // After the person's and the browser's choices, which SiteLanguages lists first.
        services.PostConfigure<RequestLocalizationOptions>(options => options.RequestCultureProviders.Add(new ClinicLanguage()));

        services
            .AddScoped<SearchDoctors>()
            .AddScoped<GetDoctorProfile>()
            .AddScoped<ListSpecialties>()
            .AddScoped<RegisterDoctor>()
            .AddScoped<EditDoctorProfile>()
            .AddScoped<AnswerReviewQuestion>();
        return builder;
    }
}
