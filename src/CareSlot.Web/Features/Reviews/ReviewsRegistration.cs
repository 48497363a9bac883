namespace CareSlot.Web.Features.Reviews;

public static class ReviewsRegistration
{
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddSingleton<BlockedWords>()
            .AddScoped<ReviewWork>()
            .AddScoped<ReviewQueries>()
            .AddScoped<WriteReview>()
            .AddScoped<WithdrawReview>()
            .AddScoped<ReplyToReview>()
            .AddScoped<ModerateReview>();
        return builder;
    }
}
