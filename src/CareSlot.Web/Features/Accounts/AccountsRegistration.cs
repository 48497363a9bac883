using System.Globalization;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

public static class AccountsRegistration
{
    /// <summary>OWASP ASVS 2024 minimum for PBKDF2-HMAC-SHA512; the framework default is 100,000.</summary>
    public const int PasswordHashIterations = 210_000;

    private const string AuthenticatedAtItem = "careslot.authenticated_at";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDataProtection().SetApplicationName("CareSlot").PersistKeysToDbContext<CareSlotDb>();
        services.Configure<PasswordHasherOptions>(o =>
        {
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3; // PBKDF2-HMAC-SHA512
            o.IterationCount = PasswordHashIterations; // older hashes are re-hashed at the next sign-in
        });

        services.AddIdentity<Account, IdentityRole<Guid>>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                // AccountSignInManager.FailedMessage tells people these two numbers.
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedAccount = true;
            })
            .AddEntityFrameworkStores<CareSlotDb>()
            .AddUserManager<AccountUserManager>()
            .AddSignInManager<AccountSignInManager>()
            .AddClaimsPrincipalFactory<AccountClaimsPrincipalFactory>()
            .AddUserConfirmation<AccountActivation>()
            .AddPasswordValidator<CommonPasswordValidator<Account>>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, time) =>
        {
            // "Sign out everywhere" changes the security stamp; other sessions notice within a minute.
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.TimeProvider = time;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<TimeProvider, IOptions<AccountOptions>>((cookie, time, accountOptions) =>
            {
                cookie.TimeProvider = time;
                cookie.Cookie.Name = "careslot.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/account/sign-in";
                cookie.LogoutPath = "/account/sign-out";
                cookie.AccessDeniedPath = "/account/access-denied";
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(accountOptions.Value.PatientIdleMinutes);
                var validateStamp = cookie.Events.OnValidatePrincipal;
                // API callers get status codes, not a redirect to an HTML sign-in page.
                cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
                cookie.Events.OnSigningIn = context =>
                {
                    // Sliding renewal keeps each ticket's own span, so staff keep their shorter idle limit.
                    var options = accountOptions.Value;
                    var now = time.GetUtcNow();
                    var idle = Roles.Staff.Any(context.Principal!.IsInRole) ? options.StaffIdleMinutes : options.PatientIdleMinutes;
                    context.Properties.IssuedUtc = now;
                    context.Properties.ExpiresUtc = now.AddMinutes(idle);
                    context.Properties.Items.TryAdd(AuthenticatedAtItem, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
                    return Task.CompletedTask;
                };
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var maxAge = TimeSpan.FromHours(accountOptions.Value.AbsoluteSessionHours);
                    if (!context.Properties.Items.TryGetValue(AuthenticatedAtItem, out var raw)
                        || !long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > maxAge)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }
                    // An administrator's suspension or reset ends the session now, not at the stamp's next check (ADR 0016).
                    var revocations = context.HttpContext.RequestServices.GetRequiredService<SessionRevocations>();
                    if (!await revocations.AllowsAsync(context.Principal!, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }
                    await validateStamp(context);
                };
            });

        // API clients: short bearer tokens, and a refresh token that ends with the absolute session limit.
        services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme);
        services.AddOptions<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<TimeProvider, IOptions<AccountOptions>>((bearer, time, accountOptions) =>
            {
                bearer.TimeProvider = time;
                bearer.BearerTokenExpiration = TimeSpan.FromMinutes(accountOptions.Value.StaffIdleMinutes);
                bearer.RefreshTokenExpiration = TimeSpan.FromHours(accountOptions.Value.AbsoluteSessionHours);
                bearer.Events.OnMessageReceived = BearerTokenValidation.OnMessageReceivedAsync;
            });
        services.AddSingleton<ApiSessionCache>();
        services.AddSingleton<SessionRevocations>()
            .AddSingleton<SessionRevocationListener>()
            .AddHostedService(provider => provider.GetRequiredService<SessionRevocationListener>());
        services.AddSingleton<StaffInvitationTokens>();
        services.AddScoped<AcceptInvitation>();
        services.AddScoped<ApiSessions>();
        services.AddScoped<BearerTokenValidation>();

        // One scheme decides per request: a bearer token when the request carries one, else the cookie. With both
        // schemes on a policy, each would challenge in turn and the bearer's bare 401/403 would overwrite the cookie's
        // redirect to the sign-in or access-denied page.
        services.AddAuthentication().AddPolicyScheme(AccountPolicies.CookieOrBearer, "Cookie or bearer token", scheme =>
            scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme);

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, HiddenAdminArea>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AccountPolicies.AdminWithSecondFactor, policy => policy
                .AddAuthenticationSchemes(AccountPolicies.CookieOrBearer)
                .RequireRole(Roles.Admin)
                .RequireClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor))
            .AddPolicy(AccountPolicies.SupportAgent, policy => policy
                .AddAuthenticationSchemes(AccountPolicies.CookieOrBearer)
                .RequireRole(Roles.Support, Roles.Admin)
                .RequireClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor))
            .AddPolicy(AccountPolicies.Anyone, policy => policy
                .AddAuthenticationSchemes(AccountPolicies.CookieOrBearer)
                .RequireAssertion(_ => true))
            .AddPolicy(AccountPolicies.SignedIn, policy => policy
                .AddAuthenticationSchemes(AccountPolicies.CookieOrBearer)
                .RequireAuthenticatedUser())
            .AddPolicy(AccountPolicies.DoctorWithSecondFactor, policy => policy
                .AddAuthenticationSchemes(AccountPolicies.CookieOrBearer)
                .RequireRole(Roles.Doctor)
                .RequireClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor))
            .AddPolicy(AccountPolicies.Patient, policy => policy
                .AddAuthenticationSchemes(AccountPolicies.CookieOrBearer)
                .RequireRole(Roles.Patient))
            .AddPolicy(AccountPolicies.PatientOrStaffWithSecondFactor, policy => policy
                .AddAuthenticationSchemes(AccountPolicies.CookieOrBearer)
                .RequireAuthenticatedUser()
                .RequireAssertion(context =>
                    context.User.IsInRole(Roles.Admin) || context.User.IsInRole(Roles.Doctor)
                        ? context.User.HasClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor)
                        : context.User.IsInRole(Roles.Patient)));

        services.AddScoped<EmailVerificationTokens>();
        services.AddScoped<EmailVerification>();
        services.AddScoped<ChoosePreferredLanguage>();
        services.AddScoped<PhoneCodes>();
        services.AddScoped<RegisterPatient>();
        services.AddScoped<CreateAdministrator>();
        services.AddScoped<PasswordReset>();
        services.AddScoped<UpdateProfile>();
        services.AddScoped<AccessLog>();
        return builder;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api")) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
