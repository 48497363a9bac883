using CareSlot.Web.Platform.Security.Encryption;

namespace CareSlot.Web.Features.Disputes;

public static class DisputesRegistration
{
    public static IHostApplicationBuilder AddDisputes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DisputeOptions>().BindConfiguration(DisputeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddScoped<DisputeWork>()
            .AddScoped<DisputeQueries>()
            .AddScoped<OpenDisputeCounts>()
            .AddScoped<OpenDispute>()
            .AddScoped<AddStatement>()
            .AddScoped<WithdrawDispute>()
            .AddScoped<AssignDispute>()
            .AddScoped<AskParties>()
            .AddScoped<ResolveDispute>()
            .AddEncryptedColumn<DisputeStep>(DisputeWork.TextColumn)
            .AddEncryptedColumn<DisputeFile>(DisputeWork.FileNameColumn)
            .AddEncryptedColumn<DisputeFile>(DisputeWork.ContentColumn);
        return builder;
    }
}
