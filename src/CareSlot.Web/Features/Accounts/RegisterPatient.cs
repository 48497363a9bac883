using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>What a patient types to register; all text, so every problem can be named by field.</summary>
public sealed record RegisterPatientRequest(
    string? FullName, string? DateOfBirth, string? Email, string? Phone, string? Password, bool AcceptTerms);

/// <summary>Either the new account's id, or the problems keyed by request field (camelCase).</summary>
public sealed record RegistrationResult(Guid? AccountId, Dictionary<string, string[]> Errors)
{
    public bool Succeeded => AccountId is not null;
}

/// <summary>
/// Creates a patient account, unverified, with its role and a first SMS code, in one transaction;
/// then sends the email link and the SMS code. Nothing half-created survives a failure.
/// </summary>
public sealed partial class RegisterPatient(
    CareSlotDb db, AccountUserManager users, IClock clock, IOptions<AccountOptions> options,
    PhoneCodes phoneCodes, EmailVerification emailVerification, IStringLocalizer<AccountsText> text, ILogger<RegisterPatient> logger)
{
    private string DuplicateEmail => text["An account with this email address already exists. Sign in or reset your password."];

    public Task<RegistrationResult> HandleAsync(RegisterPatientRequest request, CancellationToken ct) =>
        RegisterAsync(request, Roles.Patient, [], beforeCommit: null, ct);

    /// <summary>
    /// The registration every role shares. <paramref name="errors"/> may already hold the caller's own field
    /// problems; <paramref name="beforeCommit"/> adds the caller's rows inside the same transaction.
    /// </summary>
    internal async Task<RegistrationResult> RegisterAsync(RegisterPatientRequest request, string role,
        Dictionary<string, string[]> errors, Action<Account>? beforeCommit, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var fullName = request.FullName?.Trim() ?? "";
        if (InputText.IsBlank(fullName)) errors["fullName"] = [text["Enter your full name."]];
        else if (fullName.Length > 200) errors["fullName"] = [text["Your name must be at most 200 characters."]];

        var dateOfBirth = ParseDateOfBirth(request.DateOfBirth, now, errors);

        var email = request.Email?.Trim() ?? "";
        if (email.Length == 0) errors["email"] = [text["Enter your email address."]];
        else if (email.Length > 254 || !new EmailAddressAttribute().IsValid(email) || !email.Contains('.', StringComparison.Ordinal))
        {
            errors["email"] = [text["Enter an email address like name@example.com."]];
        }

        var phone = MobilePhone.Parse(request.Phone, options.Value.DefaultPhoneRegion);
        if (phone.Error is { } phoneError) errors["phone"] = [text[phoneError]];

        if (string.IsNullOrEmpty(request.Password)) errors["password"] = [text["Choose a password of at least 10 characters."]];
        else if (await PasswordProblemsAsync(request.Password, email) is { Length: > 0 } passwordProblems) errors["password"] = passwordProblems;
        if (!request.AcceptTerms) errors["acceptTerms"] = [text["Accept the terms and the privacy notice to create an account."]];
        if (errors.Count > 0) return new(null, errors);

        var account = new Account
        {
            UserName = email,
            Email = email,
            PhoneNumber = phone.E164,
            FullName = fullName,
            DateOfBirth = dateOfBirth,
            CreatedAt = now,
            TermsAcceptedAt = now,
            TermsVersion = options.Value.TermsVersion,
            // Whoever registers in a language the site speaks gets their messages in it too.
            PreferredLanguage = SiteLanguages.Known.Contains(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
                ? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName : SiteLanguages.Default,
        };

        string code;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            IdentityResult created;
            try
            {
                created = await users.CreateAsync(account, request.Password!);
            }
            catch (DbUpdateException exception) when (exception.IsUniqueViolation())
            {
                // Another registration for the same address committed between Identity's check and ours: the unique index decided.
                return new(null, new() { ["email"] = [DuplicateEmail] });
            }
            if (!created.Succeeded) return new(null, MapIdentityErrors(created));
            var roleAdded = await users.AddToRoleAsync(account, role);
            if (!roleAdded.Succeeded) throw new InvalidOperationException($"The {role} role is missing: {roleAdded}");
            beforeCommit?.Invoke(account);
            code = await phoneCodes.IssueAsync(account, phone.E164!, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        // Sending happens after the commit: a delivery failure must not undo the account; the person can ask again.
        try
        {
            await emailVerification.SendAsync(account, ct);
            await phoneCodes.SendAsync(account, account.PhoneNumber!, code, ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDeliveryFailed(exception, account.Id);
        }
        return new(account.Id, errors);
    }

    /// <summary>Checked before anything else is created, so the person sees every problem at once.</summary>
    private async Task<string[]> PasswordProblemsAsync(string password, string email)
    {
        var candidate = new Account { Email = email, UserName = email };
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }
        return [.. problems.Distinct()];
    }

    private DateOnly ParseDateOfBirth(string? raw, Instant now, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            errors["dateOfBirth"] = [text["Enter your date of birth."]];
            return default;
        }
        if (!DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors["dateOfBirth"] = [text["Enter your date of birth as year-month-day, for example 1980-04-23."]];
            return default;
        }
        // The latest date anywhere on Earth, so nobody born "today" in their own zone is refused.
        var latestToday = now.InZone(DateTimeZone.ForOffset(Offset.FromHours(14))).Date.ToDateOnly();
        if (date > latestToday) errors["dateOfBirth"] = [text["Your date of birth cannot be in the future."]];
        else if (date < latestToday.AddYears(-130)) errors["dateOfBirth"] = [text["Check the year of your date of birth."]];
        return date;
    }

    private Dictionary<string, string[]> MapIdentityErrors(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code switch
            {
                "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" => "email",
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) || e.Code == "CommonPassword" => "password",
                _ => "",
            })
            .ToDictionary(g => g.Key, g => g
                .Where(e => e.Code != "DuplicateUserName" || !result.Errors.Any(d => d.Code == "DuplicateEmail"))
                .Select(e => e.Code is "DuplicateEmail" or "DuplicateUserName" ? DuplicateEmail : e.Description)
                .Distinct().ToArray());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification messages for new account {AccountId} could not be sent")]
    private partial void LogDeliveryFailed(Exception exception, Guid accountId);
}
