using System.Diagnostics.CodeAnalysis;
using PhoneNumbers;

namespace CareSlot.Web.Features.Accounts;

/// <summary>Parses what a user typed as a mobile number, for sending verification codes by SMS.</summary>
public static class MobilePhone
{
    public const int MaxInputLength = 50;

    // The errors are the English text, which is also their key in AccountsText: callers show text[result.Error].

    public const string EnterNumberError = "Enter a phone number, including the country code (for example +44 7400 123456).";
    public const string InvalidNumberError = "This is not a valid phone number.";
    public const string NotMobileError = "Enter a mobile number: we send verification codes by SMS.";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // The C# port has had thread-safety bugs under parallel use (regex and metadata caches). Parsing is
    // rare (sign-up, profile changes), so one lock is cheap insurance.
    private static readonly Lock Gate = new();

    /// <param name="input">The number as typed: international (+44 …) or national (07…).</param>
    /// <param name="defaultRegion">ISO 3166 region (GB, DE, US) for a number typed without a country code.</param>
    public static MobilePhoneResult Parse(string? input, string? defaultRegion)
    {
        lock (Gate) return ParseUnderLock(input, defaultRegion, mobileOnly: true);
    }

    /// <summary>Like <see cref="Parse"/> but accepts any valid number, landlines included (emergency contacts, clinics).</summary>
    public static MobilePhoneResult ParseAny(string? input, string? defaultRegion)
    {
        lock (Gate) return ParseUnderLock(input, defaultRegion, mobileOnly: false);
    }

    private static MobilePhoneResult ParseUnderLock(string? input, string? defaultRegion, bool mobileOnly)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return MobilePhoneResult.Invalid(EnterNumberError);
        }

        // Letters are refused rather than read as a keypad (vanity) number: "77OO" typed with the
        // letter O would otherwise become 7766, somebody else's phone.
        if (input.Length > MaxInputLength || input.Any(char.IsLetter))
        {
            return MobilePhoneResult.Invalid(InvalidNumberError);
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(input, string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.Trim().ToUpperInvariant());
        }
        catch (NumberParseException e) when (e.ErrorType == ErrorType.INVALID_COUNTRY_CODE && !input.TrimStart().StartsWith('+'))
        {
            return MobilePhoneResult.Invalid(EnterNumberError);
        }
        catch (NumberParseException)
        {
            return MobilePhoneResult.Invalid(InvalidNumberError);
        }

        // An extension cannot receive an SMS, and E.164 would silently drop it.
        if (number.HasExtension || !Util.IsValidNumber(number))
        {
            return MobilePhoneResult.Invalid(InvalidNumberError);
        }

        // Some regions (the US among them) do not tell mobile and fixed-line numbers apart.
        return !mobileOnly || Util.GetNumberType(number) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE
            ? MobilePhoneResult.Valid(Util.Format(number, PhoneNumberFormat.E164))
            : MobilePhoneResult.Invalid(NotMobileError);
    }

    /// <summary>The international format for display ("+49 30 23125010"); the input unchanged if it cannot be read.</summary>
    public static string Format(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        try
        {
            lock (Gate) return Util.Format(Util.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}

/// <summary>Either <see cref="E164"/> (valid) or an <see cref="Error"/> to show next to the field.</summary>
public sealed record MobilePhoneResult
{
    private MobilePhoneResult(string? e164, string? error) => (E164, Error) = (e164, error);

    public string? E164 { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(E164))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => E164 is not null;

    internal static MobilePhoneResult Valid(string e164) => new(e164, null);

    internal static MobilePhoneResult Invalid(string error) => new(null, error);
}
