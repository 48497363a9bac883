using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Consents;

/// <summary>The purposes' and sources' names in the API (kebab-case) and on the pages (localized).</summary>
public static class ConsentNames
{
    public static string Api(ConsentPurpose purpose) => purpose switch
    {
        ConsentPurpose.TermsAndPrivacyNotice => "terms-and-privacy-notice",
        ConsentPurpose.SmsReminders => "sms-reminders",
        ConsentPurpose.Surveys => "surveys",
        ConsentPurpose.ChatTranscripts => "chat-transcripts",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };

    public static string Api(ConsentSource source) => source switch
    {
        ConsentSource.Registration => "registration",
        ConsentSource.AccountPage => "account-page",
        ConsentSource.ProfilePage => "profile-page",
        ConsentSource.Api => "api",
        ConsentSource.Reconsent => "re-consent",
        ConsentSource.Backfill => "backfill",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>A purpose as the API or a form names it; exact, so nothing else is ever taken for one.</summary>
    public static bool TryParse(string? value, out ConsentPurpose purpose)
    {
        foreach (var candidate in ConsentLedger.Purposes)
        {
            if (string.Equals(Api(candidate), value, StringComparison.Ordinal))
            {
                purpose = candidate;
                return true;
            }
        }
        purpose = default;
        return false;
    }

    public static string Title(ConsentPurpose purpose, IStringLocalizer<ConsentsText> text) => purpose switch
    {
        ConsentPurpose.TermsAndPrivacyNotice => text["Terms and privacy notice"],
        ConsentPurpose.SmsReminders => text["Appointment reminders by SMS"],
        ConsentPurpose.Surveys => text["Feedback survey invitations"],
        ConsentPurpose.ChatTranscripts => text["Keeping live chat transcripts"],
        _ => purpose.ToString(),
    };

    public static string Explanation(ConsentPurpose purpose, IStringLocalizer<ConsentsText> text) => purpose switch
    {
        ConsentPurpose.TermsAndPrivacyNotice => text["How CareSlot handles your account and appointments. Without it you can only see this page, the notice, and export or erase your data."],
        ConsentPurpose.SmsReminders => text["A text message two hours before each appointment, to your verified mobile number. E-mail reminders are set on your profile."],
        ConsentPurpose.Surveys => text["Occasional e-mails asking how a visit or the service went."],
        ConsentPurpose.ChatTranscripts => text["After a live chat ends, its lines are kept so the help desk can look back. Withdrawn, they are erased when the chat ends."],
        _ => "",
    };

    public static string Source(ConsentSource source, IStringLocalizer<ConsentsText> text) => source switch
    {
        ConsentSource.Registration => text["at registration"],
        ConsentSource.AccountPage => text["on this page"],
        ConsentSource.ProfilePage => text["on your profile"],
        ConsentSource.Api => text["through the app"],
        ConsentSource.Reconsent => text["when the notice changed"],
        ConsentSource.Backfill => text["from your earlier settings"],
        _ => "",
    };
}
