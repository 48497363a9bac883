using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <param name="Role">Support or Admin: doctors register themselves and are approved; patients register themselves.</param>
public sealed record StaffInvitationRequest(string? Email, string? Name, string? Role);

/// <summary>
/// Creates a staff account without a password and e-mails its owner a link (<see cref="StaffInvitationTokens"/>, 3 days,
/// once) to choose one; like every staff member they must then turn on two-factor to open any staff page.
/// </summary>
public sealed class InviteStaff(AccountActionSteps steps, StaffInvitationTokens tokens, AccountMessages messages, IOptions<SiteOptions> site)
{
    public static readonly IReadOnlyList<string> InvitableRoles = [Roles.Support, Roles.Admin];

    public const int EmailMaxLength = 256;

    public async Task<Outcome<AccountActionResult>> HandleAsync(ClaimsPrincipal admin, StaffInvitationRequest request, CancellationToken ct)
    {
        var text = steps.Text;
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(email)) errors["email"] = [text["Enter the staff member's e-mail address."]];
        else if (email.Length > EmailMaxLength || !new EmailAddressAttribute().IsValid(email)) errors["email"] = [text["This is not a valid e-mail address."]];
        if (string.IsNullOrEmpty(name)) errors["name"] = [text["Enter the staff member's full name."]];
        else if (name.Length > 200) errors["name"] = [text["Keep the name under {0} characters.", 200]];
        var role = InvitableRoles.FirstOrDefault(r => string.Equals(r, request.Role?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (role is null) errors["role"] = [text["Choose Support or Admin."]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (await steps.Users.FindByEmailAsync(email!) is not null)
        {
            var message = text["An account with this e-mail address exists already: find it in the list of accounts instead of inviting it again."];
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["The account exists already."], message)
            {
                Errors = new Dictionary<string, string[]> { ["email"] = [message] },
            };
        }

        var now = steps.Now;
        var account = new Account
        {
            UserName = email, Email = email, FullName = name!, CreatedAt = now, TermsAcceptedAt = now, TermsVersion = "staff-invitation",
            // Messages go in the recipient's language; until they choose one, the inviting administrator's is the best guess.
            PreferredLanguage = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de" ? "de" : "en",
        };
        await steps.RunAsync(admin, account, AccountAdminActionKind.Invited, AuditActions.StaffInvited, role!, async () =>
        {
            AccountActionSteps.Ensure(await steps.Users.CreateAsync(account));
            AccountActionSteps.Ensure(await steps.Users.AddToRoleAsync(account, role!));
            var token = tokens.Issue(account.Id, account.SecurityStamp!);
            await messages.QueueStaffInvitationAsync(new Recipient(account.FullName, account.Email!, account.PreferredLanguage),
                site.Value.Link($"{AcceptInvitation.Path}?token={Uri.EscapeDataString(token)}"), ct);
            return [];
        }, ct);
        return new Outcome<AccountActionResult>(new AccountActionResult(account.Id, AccountStatuses.Unverified), null);
    }
}
