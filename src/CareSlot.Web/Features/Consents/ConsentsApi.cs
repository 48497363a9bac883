using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using NodaTime.Text;

namespace CareSlot.Web.Features.Consents;

/// <summary>One purpose as the API shows it; <c>at</c> is null for a purpose in its starting state (no record yet).</summary>
public sealed record ConsentView(string Purpose, bool Given, string? NoticeVersion, string? At, string Source);

public sealed record ConsentsView(string NoticeVersion, bool ReconsentRequired, IReadOnlyList<ConsentView> Consents, IReadOnlyList<ConsentView> History);

/// <summary>
/// The signed-in person's own consents. Calls are never held up for re-consent (an app must still be able to show the new
/// notice and accept it): GET says <c>reconsentRequired</c>, and PUT of terms-and-privacy-notice accepts the current version.
/// </summary>
public static class ConsentsApi
{
    public static IEndpointRouteBuilder MapConsentsApi(this IEndpointRouteBuilder routes)
    {
        var consents = routes.MapGroup("/api/v1/account/consents").WithTags("Privacy").RequireAuthorization(AccountPolicies.SignedIn);
        consents.MapGet("", ListAsync)
            .WithSummary("Each purpose (terms-and-privacy-notice, sms-reminders, surveys, chat-transcripts) with its current state, the notice's version, "
                + "whether the current notice still waits for acceptance (reconsentRequired), and every record, newest first.");
        consents.MapPut("/{purpose}", GiveAsync).WithSummary("Give consent to the purpose (for the terms: accept the current notice). Idempotent.");
        consents.MapDelete("/{purpose}", WithdrawAsync).WithSummary("Withdraw consent to the purpose, or object to it. Idempotent.");
        return routes;
    }

    public static ConsentView View(ConsentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(ConsentNames.Api(state.Purpose), state.Given, state.NoticeVersion, state.At is { } at ? InstantPattern.ExtendedIso.Format(at) : null,
            ConsentNames.Api(state.Source));
    }

    private static async Task<Results<Ok<ConsentsView>, UnauthorizedHttpResult>> ListAsync(HttpContext http, UserManager<Account> users, ConsentLedger ledger,
        CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(http.User), out var me)) return TypedResults.Unauthorized();
        var overview = await ledger.OverviewAsync(me, ct);
        return TypedResults.Ok(new ConsentsView(overview.NoticeVersion, overview.ReconsentRequired, [.. overview.Current.Select(View)], [.. overview.History.Select(View)]));
    }

    private static Task<Results<Ok<ConsentView>, ValidationProblem, UnauthorizedHttpResult>> GiveAsync(string purpose, HttpContext http,
        UserManager<Account> users, ConsentLedger ledger, IStringLocalizer<ConsentsText> text, CancellationToken ct) =>
        ChangeAsync(purpose, true, http, users, ledger, text, ct);

    private static Task<Results<Ok<ConsentView>, ValidationProblem, UnauthorizedHttpResult>> WithdrawAsync(string purpose, HttpContext http,
        UserManager<Account> users, ConsentLedger ledger, IStringLocalizer<ConsentsText> text, CancellationToken ct) =>
        ChangeAsync(purpose, false, http, users, ledger, text, ct);

    private static async Task<Results<Ok<ConsentView>, ValidationProblem, UnauthorizedHttpResult>> ChangeAsync(string purpose, bool given, HttpContext http,
        UserManager<Account> users, ConsentLedger ledger, IStringLocalizer<ConsentsText> text, CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(http.User), out var me)) return TypedResults.Unauthorized();
        if (!ConsentNames.TryParse(purpose, out var known)) return UnknownPurpose(text);
        return TypedResults.Ok(View(await ledger.ChangeAsync(me, known, given, ConsentSource.Api, ct)));
    }

    public static ValidationProblem UnknownPurpose(IStringLocalizer<ConsentsText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["purpose"] = [text["The purpose must be one of: {0}.", string.Join(", ", ConsentLedger.Purposes.Select(ConsentNames.Api))]],
        }, title: text["There is no such purpose."]);
    }
}
