namespace CareSlot.Web.Features.Admin.Clinics;

public static class ClinicsAdminRegistration
{
    public static IHostApplicationBuilder AddClinicsAdmin(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddScoped<ClinicQueries>()
            .AddScoped<ClinicDirectory>()
            .AddScoped<SaveClinic>()
            .AddScoped<RetireClinic>()
            .AddScoped<ReinstateClinic>()
            .AddScoped<AssignDoctor>()
            .AddScoped<UnassignDoctor>()
            .AddScoped<SpecialtyQueries>()
            .AddScoped<SaveSpecialty>()
            .AddScoped<RemoveSpecialty>();
        return builder;
    }
}
