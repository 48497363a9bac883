using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Refuses the 10,000 most common passwords and passwords equal to the user's e-mail address or
/// its local part. Length and character rules are left to <see cref="PasswordOptions"/>. Without a localizer it answers in English.
/// </summary>
public sealed class CommonPasswordValidator<TUser>(IStringLocalizer<AccountsText>? text = null) : IPasswordValidator<TUser> where TUser : class
{
    public async Task<IdentityResult> ValidateAsync(UserManager<TUser> manager, TUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);

        var errors = new List<IdentityError>(2);
        if (CommonPasswordValidator.IsCommon(password))
        {
            errors.Add(Localized(CommonPasswordValidator.CommonPasswordError));
        }

        var email = manager.SupportsUserEmail ? await manager.GetEmailAsync(user) : null;
        if (CommonPasswordValidator.MatchesEmail(password, email))
        {
            errors.Add(Localized(CommonPasswordValidator.MatchesEmailError));
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    /// <summary>The English description is the key of its translation.</summary>
    private IdentityError Localized(IdentityError error) =>
        text is null ? error : new IdentityError { Code = error.Code, Description = text[error.Description] };
}

/// <summary>
/// The list behind <see cref="CommonPasswordValidator{TUser}"/>. It is kept out of the generic
/// type so that it is loaded once, not once per <c>TUser</c>.
/// </summary>
public static class CommonPasswordValidator
{
    private const string ResourceName = "CareSlot.Web.Features.Accounts.CommonPasswords.txt";

    private static readonly Lazy<FrozenSet<string>> Passwords = new(Load);

    internal static IdentityError CommonPasswordError => new()
    {
        Code = "CommonPassword",
        Description = "This password is one of the 10,000 most common passwords. Choose one that is harder to guess.",
    };

    internal static IdentityError MatchesEmailError => new()
    {
        Code = "PasswordMatchesEmail",
        Description = "Your password must not be your email address or the part before the @.",
    };

    /// <summary>How many passwords the embedded list holds.</summary>
    public static int ListSize => Passwords.Value.Count;

    internal static bool IsCommon(string password) => Passwords.Value.Contains(password.ToLowerInvariant());

    internal static bool MatchesEmail(string password, string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return false;
        }

        // LastIndexOf: a quoted local part may itself contain '@'.
        var at = email.LastIndexOf('@');
        var localPart = at < 0 ? email : email[..at];
        return string.Equals(password, email, StringComparison.OrdinalIgnoreCase)
            || (localPart.Length > 0 && string.Equals(password, localPart, StringComparison.OrdinalIgnoreCase));
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);

        var passwords = new List<string>(10_000);
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length > 0 && !entry.StartsWith('#'))
            {
                passwords.Add(entry.ToLowerInvariant());
            }
        }

        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
