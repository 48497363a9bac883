namespace CareSlot.Web.Features.Admin.Accounts;

public static class AdminAccountsRegistration
{
    public static IHostApplicationBuilder AddAdminAccounts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<AccountSearch>()
            .AddScoped<AccountProfile>()
            .AddScoped<AccountActionSteps>()
            .AddScoped<SuspendAccount>()
            .AddScoped<ReactivateAccount>()
            .AddScoped<ForcePasswordReset>()
            .AddScoped<ResetTwoFactor>()
            .AddScoped<InviteStaff>();
        return builder;
    }
}
