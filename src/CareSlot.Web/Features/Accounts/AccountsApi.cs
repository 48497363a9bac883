using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

public sealed record RegisteredAccount(Guid Id, string Email, bool EmailVerified, bool PhoneVerified);

public sealed record ConfirmEmailRequest(string? Token);

public sealed record VerifyPhoneRequest(string? Email, string? Code);

public sealed record ResendPhoneCodeRequest(string? Email);

public sealed record LoginRequest(string? Email, string? Password, string? TwoFactorCode);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record MyAccount(Guid Id, string FullName, string Email, bool EmailVerified, string? Phone, bool PhoneVerified,
    DateOnly DateOfBirth, IReadOnlyList<string> Roles);

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/v1/auth").WithTags("Accounts").RequireRateLimiting(RateLimitingExtensions.Accounts);

        auth.MapPost("/register", RegisterPatientAsync)
            .WithSummary("Register a patient. A verification link goes to the email address and a code to the phone.");

        auth.MapPost("/confirm-email", ConfirmEmailAsync)
            .WithSummary("Verify an email address with the token from the e-mailed link.");

        auth.MapPost("/verify-phone", VerifyPhoneAsync)
            .WithSummary("Verify a phone number with the 6-digit SMS code.");

        auth.MapPost("/resend-phone-code", ResendPhoneCodeAsync)
            .WithSummary("Send a new SMS code. The answer is the same whether or not the address is registered.");

        auth.MapPost("/forgot-password", RequestPasswordResetAsync)
            .WithSummary("E-mail a password reset link. The answer is the same whether or not the address is registered.");

        auth.MapPost("/reset-password", ResetPasswordAsync)
            .WithSummary("Set a new password with the token from the e-mailed link.");

        auth.MapPost("/login", SignInAsync)
            .WithSummary("Sign in with email and password (and an authenticator code if two-factor is on); answers a bearer token and a refresh token.");

        auth.MapPost("/refresh", RefreshTokensAsync)
            .WithSummary("Exchange a refresh token for a new bearer token and a new refresh token. Each refresh token works once: "
                + "one used again ends the session it belongs to. Refused after sign-out everywhere, a password change, or 12 hours after sign-in.");

        routes.MapGet("/api/v1/me", GetMyAccountAsync)
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            {
                AuthenticationSchemes = AccountPolicies.CookieOrBearer,
            })
            .WithTags("Accounts")
            .WithSummary("The signed-in account.");

        return routes;
    }

    private static async Task<Results<Created<RegisteredAccount>, ValidationProblem>> RegisterPatientAsync(RegisterPatientRequest request,
        RegisterPatient registerPatient, IStringLocalizer<AccountsText> text, CancellationToken ct)
    {
        var result = await registerPatient.HandleAsync(request, ct);
        if (!result.Succeeded) return TypedResults.ValidationProblem(result.Errors, title: text["The registration is not valid."]);
        return TypedResults.Created("/api/v1/me", new RegisteredAccount(result.AccountId!.Value, request.Email!.Trim(), false, false));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ConfirmEmailAsync(ConfirmEmailRequest request,
        EmailVerification emailVerification, IStringLocalizer<AccountsText> text) =>
        await emailVerification.ConfirmAsync(request.Token) is { } error
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = [error] }, title: text["The email address could not be verified."])
            : TypedResults.NoContent();

    private static async Task<Results<NoContent, ValidationProblem>> VerifyPhoneAsync(VerifyPhoneRequest request, UserManager<Account> users,
        PhoneCodes phoneCodes, IStringLocalizer<AccountsText> text, CancellationToken ct)
    {
        // An unknown address gets the same answer as a wrong code, so the endpoint does not reveal who is registered.
        var account = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        var result = account is null ? new PhoneCheckResult(false, text["That code is not right."]) : await phoneCodes.CheckAsync(account, request.Code, ct);
        return result.Verified
            ? TypedResults.NoContent()
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [result.Error!] }, title: text["The phone number could not be verified."]);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ResendPhoneCodeAsync(ResendPhoneCodeRequest request, UserManager<Account> users,
        PhoneCodes phoneCodes, AccountRateLimiter perAccount, HttpResponse response, CancellationToken ct)
    {
        if (await perAccount.RefusalAsync(request.Email, ct) is { } wait) return AccountRateLimiter.TooMany(response, wait);
        var account = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        if (account is { PhoneNumberConfirmed: false }) await phoneCodes.ResendAsync(account, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RequestPasswordResetAsync(ForgotPasswordRequest request,
        PasswordReset passwordReset, AccountRateLimiter perAccount, HttpRequest http, CancellationToken ct)
    {
        if (await perAccount.RefusalAsync(request.Email, ct) is { } wait) return AccountRateLimiter.TooMany(http.HttpContext.Response, wait);
        await passwordReset.RequestAsync(request.Email, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem>> ResetPasswordAsync(ResetPasswordRequest request, PasswordReset passwordReset,
        IStringLocalizer<AccountsText> text) =>
        await passwordReset.ResetAsync(request) is { Count: > 0 } errors
            ? TypedResults.ValidationProblem(errors, title: text["The password could not be reset."])
            : TypedResults.NoContent();

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> SignInAsync(LoginRequest request, SignInManager<Account> signIn,
        IStringLocalizer<AccountsText> text)
    {
        // The bearer handler writes {accessToken, expiresIn, refreshToken} when the sign-in succeeds.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email?.Trim() ?? "", request.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor && !string.IsNullOrWhiteSpace(request.TwoFactorCode))
        {
            result = await signIn.TwoFactorAuthenticatorSignInAsync(request.TwoFactorCode.Trim(), isPersistent: false, rememberClient: false);
        }
        if (result.Succeeded) return TypedResults.Empty;
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: text["Sign-in failed."], detail: result switch
        {
            { IsNotAllowed: true } when signIn is AccountSignInManager { LastRefusalWasSuspension: true } =>
                text["This account is suspended. Contact the clinic's administrators."],
            { IsNotAllowed: true } => text["Verify your email address or phone number first."],
            { RequiresTwoFactor: true } => text["This account uses two-factor authentication: send twoFactorCode as well."],
            _ => text[AccountSignInManager.FailedMessage],
        });
    }

    private static async Task<Results<SignInHttpResult, UnauthorizedHttpResult>> RefreshTokensAsync(RefreshRequest request,
        SignInManager<Account> signIn, ApiSessions sessions, SessionRevocations revocations, TimeProvider time,
        IOptionsMonitor<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions> bearerOptions, CancellationToken ct)
    {
        var ticket = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || ApiSession.From(ticket.Principal) is not { } presented
            || !await revocations.AllowsAsync(ticket.Principal, ct)
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } account
            || await sessions.RefreshAsync(presented, account.Id, ct) is not { } next)
        {
            return TypedResults.Unauthorized();
        }

        var principal = await signIn.CreateUserPrincipalAsync(account);
        var identity = (System.Security.Claims.ClaimsIdentity)principal.Identity!;
        identity.AddClaims(next.ToClaims());
        // How the session began does not change by refreshing it: a two-factor sign-in stays one, or a doctor's
        // app would lose patient data fifteen minutes in.
        if (ticket.Principal.HasClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor))
        {
            identity.AddClaim(new System.Security.Claims.Claim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor));
        }
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<Ok<MyAccount>, NotFound>> GetMyAccountAsync(HttpContext http, UserManager<Account> users)
    {
        var account = await users.GetUserAsync(http.User);
        if (account is null) return TypedResults.NotFound();
        return TypedResults.Ok(new MyAccount(account.Id, account.FullName, account.Email!, account.EmailConfirmed, account.PhoneNumber,
            account.PhoneNumberConfirmed, account.DateOfBirth, [.. await users.GetRolesAsync(account)]));
    }
}
