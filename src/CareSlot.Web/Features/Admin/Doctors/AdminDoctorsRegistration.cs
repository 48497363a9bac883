namespace CareSlot.Web.Features.Admin.Doctors;

public static class AdminDoctorsRegistration
{
    public static IHostApplicationBuilder AddDoctorReviews(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<DoctorReviews>()
            .AddScoped<DoctorReviewSteps>()
            .AddScoped<ApproveDoctor>()
            .AddScoped<RejectDoctor>()
            .AddScoped<AskDoctor>();
        return builder;
    }
}
