using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Identity's user manager with lockout on the injected clock: the framework's own reads the wall clock,
/// which would make "locked for 15 minutes, then free again" untestable.
/// </summary>
public sealed class AccountUserManager(
    IUserStore<Account> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<Account> passwordHasher,
    IEnumerable<IUserValidator<Account>> userValidators, IEnumerable<IPasswordValidator<Account>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services,
    ILogger<UserManager<Account>> logger, TimeProvider time, ApiSessionCache apiSessions)
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
        }
        return await UpdateUserAsync(user);
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
