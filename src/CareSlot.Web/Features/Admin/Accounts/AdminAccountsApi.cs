using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Accounts;

public sealed record AccountSummaryDto(Guid Id, string Name, string? Email, string? Phone, IReadOnlyList<string> Roles, string Status, string CreatedAt)
{
    public static AccountSummaryDto From(AccountSummary a) => new(a.Id, a.Name, a.Email, a.Phone, a.Roles, a.Status, IsoTime.Format(a.CreatedAt, DateTimeZone.Utc));
}

public sealed record AccountSearchDto(int Page, bool HasMore, IReadOnlyList<AccountSummaryDto> Accounts);

public sealed record SignInDto(string At, bool Succeeded, string? ClientAddress);

/// <param name="With">The doctor's name for the account's own visits as a patient; the patient's name for its visits as a doctor.</param>
public sealed record AccountAppointmentDto(Guid Id, string Start, string With, string Status);

public sealed record AccountDto(
    Guid Id, string Name, string? Email, bool EmailVerified, string? Phone, bool PhoneVerified, IReadOnlyList<string> Roles, bool TwoFactorEnabled,
    string CreatedAt, string Status, string? SuspendedAt, string? SuspendedReason, IReadOnlyList<SignInDto> RecentSignIns, int UpcomingAppointments,
    int PastAppointments, IReadOnlyList<AccountAppointmentDto> RecentAppointments, int MessagesSent)
{
    public static AccountDto From(AccountDetails a) => new(a.Id, a.Name, a.Email, a.EmailConfirmed, a.Phone, a.PhoneConfirmed, a.Roles, a.TwoFactorEnabled,
        IsoTime.Format(a.CreatedAt, DateTimeZone.Utc), a.Status, a.SuspendedAt is { } at ? IsoTime.Format(at, DateTimeZone.Utc) : null, a.SuspendedReason,
        [.. a.SignIns.Select(s => new SignInDto(IsoTime.Format(s.At, DateTimeZone.Utc), s.Succeeded, s.ClientAddress))], a.UpcomingAppointments,
        a.PastAppointments, [.. a.Appointments.Select(p => new AccountAppointmentDto(p.Id, IsoTime.Format(p.Start, p.Zone), p.OtherParty,
            p.Status.ToString().ToLowerInvariant()))], a.MessagesSent);
}

/// <summary>Account administration for administrators with a second factor: the same use cases as the pages under /admin/accounts.</summary>
public static class AdminAccountsApi
{
    public static IEndpointRouteBuilder MapAdminAccountsApi(this IEndpointRouteBuilder routes)
    {
        var accounts = routes.MapGroup("/api/v1/admin/accounts").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        accounts.MapGet("/", SearchAsync)
            .WithSummary("Accounts by role, status (active, unverified, suspended, locked-out), part of the name, e-mail or phone; newest first or sort=name; 50 a page.");
        accounts.MapGet("/{id:guid}", GetAsync)
            .WithSummary("One account: profile, status, recent sign-ins, appointment and message counts. Never clinical content.");
        accounts.MapPost("/{id:guid}/suspend", SuspendAsync)
            .WithSummary("Suspend with a reason: the account's sessions and tokens end at once on every instance, and it cannot sign in. Not yourself or the last administrator (409).");
        accounts.MapPost("/{id:guid}/reactivate", ReactivateAsync).WithSummary("Lift a suspension, with a reason.");
        accounts.MapPost("/{id:guid}/force-password-reset", ForcePasswordResetAsync)
            .WithSummary("The password stops working, sessions end, and the owner is e-mailed a reset link. With a reason.");
        accounts.MapPost("/{id:guid}/reset-two-factor", ResetTwoFactorAsync)
            .WithSummary("After checking the owner's identity (identityChecked: true) and with a reason: two-factor off, recovery codes gone, sessions ended, owner e-mailed.");
        accounts.MapPost("/invitations", InviteAsync)
            .WithSummary("Invite a staff member (role Support or Admin): an account without a password and an e-mailed link to set one. 409 when the address has an account.");
        return routes;
    }

    private static async Task<Results<Ok<AccountSearchDto>, ProblemHttpResult>> SearchAsync(string? role, string? status, string? name, string? email,
        string? phone, string? sort, string? page, AccountSearch search, CancellationToken ct)
    {
        var outcome = await search.HandleAsync(new AccountSearchRequest(role, status, name, email, phone, sort, page), ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        var found = outcome.Value!;
        return TypedResults.Ok(new AccountSearchDto(found.Page, found.HasMore, [.. found.Accounts.Select(AccountSummaryDto.From)]));
    }

    private static async Task<Results<Ok<AccountDto>, ProblemHttpResult>> GetAsync(Guid id, AccountProfile profiles, IStringLocalizer<AdminText> text,
        CancellationToken ct) =>
        await profiles.FindAsync(id, ct) is { } account
            ? TypedResults.Ok(AccountDto.From(account))
            : UseCaseProblem.NotFound(text["Account not found."], text["There is no account with that id."]).ToResult();

    private static async Task<Results<Ok<AccountActionResult>, ProblemHttpResult>> SuspendAsync(Guid id, AccountActionRequest request, SuspendAccount suspend,
        HttpContext http, CancellationToken ct) => Answer(await suspend.HandleAsync(http.User, id, request, ct));

    private static async Task<Results<Ok<AccountActionResult>, ProblemHttpResult>> ReactivateAsync(Guid id, AccountActionRequest request,
        ReactivateAccount reactivate, HttpContext http, CancellationToken ct) => Answer(await reactivate.HandleAsync(http.User, id, request, ct));

    private static async Task<Results<Ok<AccountActionResult>, ProblemHttpResult>> ForcePasswordResetAsync(Guid id, AccountActionRequest request,
        ForcePasswordReset force, HttpContext http, CancellationToken ct) => Answer(await force.HandleAsync(http.User, id, request, ct));

    private static async Task<Results<Ok<AccountActionResult>, ProblemHttpResult>> ResetTwoFactorAsync(Guid id, TwoFactorResetRequest request,
        ResetTwoFactor reset, HttpContext http, CancellationToken ct) => Answer(await reset.HandleAsync(http.User, id, request, ct));

    private static async Task<Results<Created<AccountActionResult>, ProblemHttpResult>> InviteAsync(StaffInvitationRequest request, InviteStaff invite,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await invite.HandleAsync(http.User, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/admin/accounts/{outcome.Value!.AccountId}", outcome.Value);
    }

    private static Results<Ok<AccountActionResult>, ProblemHttpResult> Answer(Outcome<AccountActionResult> outcome) =>
        outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
}
