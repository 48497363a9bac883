using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

public sealed record ProfileRequest(string? FullName, string? Email, string? Phone, string? Address,
    string? EmergencyContactName, string? EmergencyContactPhone, string? PreferredLanguage, bool EmailReminders, bool SmsReminders, bool SmsUpdates);

/// <summary>What happened: the problems by field, or which channels now wait for verification.</summary>
public sealed record ProfileResult(Dictionary<string, string[]> Errors, bool EmailVerificationSent, bool PhoneVerificationSent)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Saves a person's own profile. A new email address or phone number is not used until it is verified:
/// the old one stays in place and a link or code goes to the new one.
/// </summary>
public sealed class UpdateProfile(UserManager<Account> users, IOptions<AccountOptions> options,
    EmailVerification emailVerification, PhoneCodes phoneCodes, ISmsReminderChoice smsReminders, IStringLocalizer<AccountsText> text)
{

    public async Task<ProfileResult> HandleAsync(Account account, ProfileRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var fullName = request.FullName?.Trim() ?? "";
        if (InputText.IsBlank(fullName) || fullName.Length > 200) errors["fullName"] = [text["Enter your full name (at most 200 characters)."]];

        var email = request.Email?.Trim() ?? "";
        var emailChanged = !string.Equals(email, account.Email, StringComparison.OrdinalIgnoreCase);
        if (emailChanged)
        {
            if (email.Length == 0 || email.Length > 254 || !new EmailAddressAttribute().IsValid(email)) errors["email"] = [text["Enter an email address like name@example.com."]];
            else if (await users.FindByEmailAsync(email) is not null) errors["email"] = [text["An account with this email address already exists."]];
        }

        var phone = MobilePhone.Parse(request.Phone, options.Value.DefaultPhoneRegion);
        if (phone.Error is { } phoneError) errors["phone"] = [text[phoneError]];
        var phoneChanged = phone.E164 is not null && phone.E164 != account.PhoneNumber;

        string? emergencyPhone = null;
        if (!string.IsNullOrWhiteSpace(request.EmergencyContactPhone))
        {
            // Any reachable number will do for an emergency contact, landlines included.
            var parsed = MobilePhone.ParseAny(request.EmergencyContactPhone, options.Value.DefaultPhoneRegion);
            if (parsed.Error is { } error) errors["emergencyContactPhone"] = [text[error]];
            emergencyPhone = parsed.E164;
        }

        var address = request.Address?.Trim();
        if (address?.Length > 300) errors["address"] = [text["The address must be at most 300 characters."]];
        var contactName = request.EmergencyContactName?.Trim();
        if (contactName?.Length > 200) errors["emergencyContactName"] = [text["The name must be at most 200 characters."]];
        else if (!string.IsNullOrEmpty(contactName) && InputText.IsBlank(contactName)) errors["emergencyContactName"] = [text["Enter the contact's name, or leave it empty."]];
        // Any language the site has text for: one not offered (yet) here is still a valid wish, and the page shows English.
        var language = request.PreferredLanguage?.Trim().ToLowerInvariant() ?? SiteLanguages.Default;
        if (!SiteLanguages.Known.Contains(language)) errors["preferredLanguage"] = [text["Choose a language from the list."]];
        if (errors.Count > 0) return new(errors, false, false);

        account.FullName = fullName;
        account.Address = string.IsNullOrEmpty(address) ? null : address;
        account.EmergencyContactName = string.IsNullOrEmpty(contactName) ? null : contactName;
        account.EmergencyContactPhone = emergencyPhone;
        account.PreferredLanguage = language;
        account.EmailReminders = request.EmailReminders;
        account.SmsUpdates = request.SmsUpdates;

        string? code = null;
        if (phoneChanged)
        {
            code = await phoneCodes.IssueAsync(account, phone.E164!, ct);
        }
        var saved = await users.UpdateAsync(account); // saves the pending phone code too
        if (!saved.Succeeded) return new(new() { [""] = [.. saved.Errors.Select(e => e.Description)] }, false, false);
        await smsReminders.SetAsync(account.Id, request.SmsReminders, ct);

        if (code is not null) await phoneCodes.SendAsync(account, phone.E164!, code, ct);
        if (emailChanged) await emailVerification.SendAsync(account, ct, address: email);
        return new(errors, emailChanged, phoneChanged);
    }
}
