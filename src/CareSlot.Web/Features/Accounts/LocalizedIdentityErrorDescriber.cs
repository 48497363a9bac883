using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Identity's error descriptions in the person's language, for the ones the app can show: the password rules, an address
/// or name already taken or not valid, a link's token no longer valid. The rest (roles, external logins) are for
/// programmers and keep Identity's English.
/// </summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<AccountsText> text) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Described(base.DefaultError(), text["Something went wrong. Please try again."]);

    public override IdentityError ConcurrencyFailure() =>
        Described(base.ConcurrencyFailure(), text["Your account was changed elsewhere at the same time. Please try again."]);

    public override IdentityError PasswordMismatch() => Described(base.PasswordMismatch(), text["The password is not correct."]);

    public override IdentityError InvalidToken() => Described(base.InvalidToken(), text["This link or code is not valid any more."]);

    public override IdentityError RecoveryCodeRedemptionFailed() =>
        Described(base.RecoveryCodeRedemptionFailed(), text["That recovery code is not right, or it was used already."]);

    public override IdentityError InvalidUserName(string? userName) =>
        Described(base.InvalidUserName(userName), text["Enter an email address like name@example.com."]);

    public override IdentityError InvalidEmail(string? email) =>
        Described(base.InvalidEmail(email), text["Enter an email address like name@example.com."]);

    public override IdentityError DuplicateUserName(string userName) =>
        Described(base.DuplicateUserName(userName), text["An account with this email address already exists."]);

    public override IdentityError DuplicateEmail(string email) =>
        Described(base.DuplicateEmail(email), text["An account with this email address already exists."]);

    public override IdentityError PasswordTooShort(int length) =>
        Described(base.PasswordTooShort(length), text["Your password must be at least {0} characters long.", length]);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Described(base.PasswordRequiresUniqueChars(uniqueChars), text["Your password must use at least {0} different characters.", uniqueChars]);

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Described(base.PasswordRequiresNonAlphanumeric(), text["Your password must contain a character that is not a letter or a digit."]);

    public override IdentityError PasswordRequiresDigit() => Described(base.PasswordRequiresDigit(), text["Your password must contain a digit."]);

    public override IdentityError PasswordRequiresLower() => Described(base.PasswordRequiresLower(), text["Your password must contain a lowercase letter."]);

    public override IdentityError PasswordRequiresUpper() => Described(base.PasswordRequiresUpper(), text["Your password must contain an uppercase letter."]);

    /// <summary>Identity's code, which the app maps errors by, with the description in the person's language.</summary>
    private static IdentityError Described(IdentityError error, string description) => new() { Code = error.Code, Description = description };
}
