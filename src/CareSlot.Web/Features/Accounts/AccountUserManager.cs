using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Identity's user manager with lockout on the injected clock: the framework's own reads the wall clock,
/// which would make "locked for 15 minutes, then free again" untestable. It also writes the audit trail's security
/// events that change an account (lockout, two-factor, passwords, roles), here where every page, endpoint and command
/// that makes them passes, so none can forget.
/// </summary>
public sealed class AccountUserManager(
    IUserStore<Account> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<Account> passwordHasher,
    IEnumerable<IUserValidator<Account>> userValidators, IEnumerable<IPasswordValidator<Account>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services,
    ILogger<UserManager<Account>> logger, TimeProvider time, ApiSessionCache apiSessions, AuditTrail audit)
    : UserManager<Account>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(Account user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockoutStore = (IUserLockoutStore<Account>)Store;
        var failures = await lockoutStore.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (failures >= Options.Lockout.MaxFailedAccessAttempts)
        {
            await lockoutStore.SetLockoutEndDateAsync(user, time.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan), CancellationToken);
            await lockoutStore.ResetAccessFailedCountAsync(user, CancellationToken);
            var result = await UpdateUserAsync(user);
            if (result.Succeeded) await RecordAsync(AuditActions.LockedOut, AuditOutcome.Allowed, user, actingAs: user);
            return result;
        }
        return await UpdateUserAsync(user);
    }

    public override async Task<IdentityResult> SetTwoFactorEnabledAsync(Account user, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(user);
        var before = user.TwoFactorEnabled;
        var result = await base.SetTwoFactorEnabledAsync(user, enabled);
        if (result.Succeeded && before != enabled)
        {
            await RecordAsync(enabled ? AuditActions.TwoFactorEnabled : AuditActions.TwoFactorDisabled, AuditOutcome.Allowed, user);
        }
        return result;
    }

    public override async Task<IEnumerable<string>?> GenerateNewTwoFactorRecoveryCodesAsync(Account user, int number)
    {
        var codes = await base.GenerateNewTwoFactorRecoveryCodesAsync(user, number);
        if (codes is not null) await RecordAsync(AuditActions.RecoveryCodesGenerated, AuditOutcome.Allowed, user);
        return codes;
    }

    /// <summary>Whoever holds the e-mailed link acts as the account.</summary>
    public override async Task<IdentityResult> ResetPasswordAsync(Account user, string token, string newPassword)
    {
        var result = await base.ResetPasswordAsync(user, token, newPassword);
        await RecordAsync(AuditActions.PasswordResetCompleted, result.Succeeded ? AuditOutcome.Allowed : AuditOutcome.Failed, user, actingAs: user);
        return result;
    }

    public override async Task<IdentityResult> ChangePasswordAsync(Account user, string currentPassword, string newPassword)
    {
        var result = await base.ChangePasswordAsync(user, currentPassword, newPassword);
        await RecordAsync(AuditActions.PasswordChanged, result.Succeeded ? AuditOutcome.Allowed : AuditOutcome.Failed, user);
        return result;
    }

    public override async Task<IdentityResult> AddToRoleAsync(Account user, string role)
    {
        var result = await base.AddToRoleAsync(user, role);
        if (result.Succeeded) await RecordAsync(AuditActions.RoleGranted, AuditOutcome.Allowed, user, role);
        return result;
    }

    public override async Task<IdentityResult> AddToRolesAsync(Account user, IEnumerable<string> roles)
    {
        var granted = roles.ToList();
        var result = await base.AddToRolesAsync(user, granted);
        if (result.Succeeded)
        {
            foreach (var role in granted) await RecordAsync(AuditActions.RoleGranted, AuditOutcome.Allowed, user, role);
        }
        return result;
    }

    public override async Task<IdentityResult> RemoveFromRoleAsync(Account user, string role)
    {
        var result = await base.RemoveFromRoleAsync(user, role);
        if (result.Succeeded) await RecordAsync(AuditActions.RoleRevoked, AuditOutcome.Allowed, user, role);
        return result;
    }

    public override async Task<IdentityResult> RemoveFromRolesAsync(Account user, IEnumerable<string> roles)
    {
        var revoked = roles.ToList();
        var result = await base.RemoveFromRolesAsync(user, revoked);
        if (result.Succeeded)
        {
            foreach (var role in revoked) await RecordAsync(AuditActions.RoleRevoked, AuditOutcome.Allowed, user, role);
        }
        return result;
    }

    /// <summary>
    /// One row about <paramref name="user"/>'s account. The actor is whoever is signed in on the request (the person, an
    /// administrator; "system" for a command), or <paramref name="actingAs"/> where nobody is signed in yet.
    /// </summary>
    private async Task RecordAsync(string action, AuditOutcome outcome, Account user, string? role = null, Account? actingAs = null)
    {
        var record = role is null ? $"account {user.Id:D}" : $"account {user.Id:D} role {role}";
        var actorRole = actingAs is null ? null : AuditTrail.RolesText(await GetRolesAsync(actingAs));
        await audit.RecordAsync(new AuditEvent(action, outcome, Record: record, ActorId: actingAs?.Id, ActorRole: actorRole), CancellationToken);
    }

    protected override async Task<IdentityResult> UpdateUserAsync(Account user)
    {
        var result = await base.UpdateUserAsync(user);
        // A new security stamp (sign-out everywhere, a new password) is saved through here: this instance's bearer
        // tokens see it at once rather than at their next check.
        apiSessions.ForgetAccount(user.Id);
        return result;
    }

    public override async Task<bool> IsLockedOutAsync(Account user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!SupportsUserLockout || !await GetLockoutEnabledAsync(user)) return false;
        return await GetLockoutEndDateAsync(user) is { } end && end > time.GetUtcNow();
    }
}

/// <summary>Sign-in is allowed once the email or the phone is verified.</summary>
public sealed class AccountActivation : IUserConfirmation<Account>
{
    public Task<bool> IsConfirmedAsync(UserManager<Account> manager, Account user) => Task.FromResult(user.IsActive);
}
