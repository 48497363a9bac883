using System.Globalization;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>The filters as a client wrote them (query parameters, all text, so a wrong value gets a message naming it).</summary>
public sealed record AccountSearchRequest(string? Role = null, string? Status = null, string? Name = null, string? Email = null, string? Phone = null,
    string? Sort = null, string? Page = null);

public sealed record AccountSummary(Guid Id, string Name, string? Email, string? Phone, IReadOnlyList<string> Roles, string Status, Instant CreatedAt);

public sealed record AccountSearchPage(int Page, bool HasMore, IReadOnlyList<AccountSummary> Accounts);

/// <summary>
/// Finds accounts by role, status, name, e-mail and phone (each a part of the value), newest first or by name, 50 a page and
/// never more than <see cref="MaxPage"/> pages deep: narrow the filters rather than page through thousands.
/// </summary>
public sealed class AccountSearch(CareSlotDb db, IClock clock, IOptions<AccountOptions> accountOptions, IStringLocalizer<AdminText> text)
{
    public const int PageSize = 50;
    public const int MaxPage = 200;
    public const int FilterMaxLength = 200;
    public const string Newest = "newest";
    public const string ByName = "name";

    public async Task<Outcome<AccountSearchPage>> HandleAsync(AccountSearchRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var role = string.IsNullOrEmpty(request.Role) ? null : Roles.All.FirstOrDefault(r => string.Equals(r, request.Role, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrEmpty(request.Role) && role is null) errors["role"] = [text["Choose one of the roles in the list."]];
        var status = string.IsNullOrEmpty(request.Status) ? null : AccountStatuses.All.FirstOrDefault(s => string.Equals(s, request.Status, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrEmpty(request.Status) && status is null) errors["status"] = [text["Choose one of the statuses in the list."]];
        var sort = string.IsNullOrEmpty(request.Sort) ? Newest : request.Sort.ToLowerInvariant();
        if (sort is not (Newest or ByName)) errors["sort"] = [text["Sort by newest or by name."]];
        var page = 1;
        if (!string.IsNullOrEmpty(request.Page)
            && !(int.TryParse(request.Page, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page is >= 1 and <= MaxPage))
        {
            errors["page"] = [text["The page must be a whole number from 1 to {0}.", MaxPage]];
        }
        foreach (var (field, value) in new[] { ("name", request.Name), ("email", request.Email), ("phone", request.Phone) })
        {
            if (value?.Length > FilterMaxLength) errors[field] = [text["Search with at most {0} characters.", FilterMaxLength]];
        }
        string? phone = null;
        if (!errors.ContainsKey("phone"))
        {
            phone = PhonePart(request.Phone, out var phoneError);
            if (phoneError is not null) errors["phone"] = [phoneError];
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var now = clock.GetCurrentInstant();
        var accounts = db.Users.AsNoTracking();
        if (role is not null)
        {
            accounts = accounts.Where(a => db.UserRoles.Any(r => r.UserId == a.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == role)));
        }
        if (request.Name?.Trim() is { Length: > 0 } name)
        {
            // Case-insensitive on both databases: SQLite's LIKE ignores the case of ASCII letters, PostgreSQL needs ILIKE.
            var pattern = "%" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            accounts = db.Database.IsNpgsql()
                ? accounts.Where(a => EF.Functions.ILike(a.FullName, pattern, "\\"))
                : accounts.Where(a => EF.Functions.Like(a.FullName, pattern, "\\"));
        }
        if (request.Email?.Trim() is { Length: > 0 } email)
        {
            var normalized = email.ToUpperInvariant();
            accounts = accounts.Where(a => a.NormalizedEmail != null && a.NormalizedEmail.Contains(normalized));
        }
        if (phone is not null) accounts = accounts.Where(a => a.PhoneNumber != null && a.PhoneNumber.Contains(phone));
        var lockedOut = status is AccountStatuses.LockedOut or AccountStatuses.Active or AccountStatuses.Unverified ? await LockedOutAsync(now, ct) : [];
        accounts = status switch
        {
            AccountStatuses.Suspended => accounts.Where(a => a.SuspendedAt != null),
            AccountStatuses.LockedOut => accounts.Where(a => a.SuspendedAt == null && lockedOut.Contains(a.Id)),
            AccountStatuses.Unverified => accounts.Where(a => a.SuspendedAt == null && !a.EmailConfirmed && !a.PhoneNumberConfirmed && !lockedOut.Contains(a.Id)),
            AccountStatuses.Active => accounts.Where(a => a.SuspendedAt == null && (a.EmailConfirmed || a.PhoneNumberConfirmed) && !lockedOut.Contains(a.Id)),
            _ => accounts,
        };
        accounts = sort == ByName ? accounts.OrderBy(a => a.FullName).ThenBy(a => a.Id) : accounts.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id);

        var rows = await accounts.Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(a => new { a.Id, a.FullName, a.Email, a.PhoneNumber, a.SuspendedAt, a.LockoutEnd, a.EmailConfirmed, a.PhoneNumberConfirmed, a.CreatedAt })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await db.UserRoles.Where(r => ids.Contains(r.UserId)).Join(db.Roles, r => r.RoleId, x => x.Id, (r, x) => new { r.UserId, x.Name })
            .ToListAsync(ct)).ToLookup(r => r.UserId, r => r.Name!);
        var found = rows.Take(PageSize).Select(r => new AccountSummary(r.Id, r.FullName, r.Email, r.PhoneNumber, [.. roles[r.Id].Order()],
            AccountStatuses.Of(r.SuspendedAt, r.LockoutEnd, r.EmailConfirmed, r.PhoneNumberConfirmed, now), r.CreatedAt)).ToList();
        return new Outcome<AccountSearchPage>(new AccountSearchPage(page, rows.Count > PageSize && page < MaxPage, found), null);
    }

    /// <summary>
    /// The accounts Identity's lockout holds now: few, as a lockout lasts minutes. SQLite cannot compare Identity's
    /// <see cref="DateTimeOffset"/> column in SQL, so there the rows with any lockout end are read and compared here.
    /// </summary>
    private async Task<List<Guid>> LockedOutAsync(Instant now, CancellationToken ct)
    {
        var end = now.ToDateTimeOffset();
        if (db.Database.IsNpgsql()) return await db.Users.Where(a => a.LockoutEnd > end).Select(a => a.Id).ToListAsync(ct);
        var candidates = await db.Users.Where(a => a.LockoutEnd != null).Select(a => new { a.Id, a.LockoutEnd }).ToListAsync(ct);
        return [.. candidates.Where(a => a.LockoutEnd > end).Select(a => a.Id)];
    }

    /// <summary>
    /// What to look for in the stored E.164 numbers: the whole number when the input is one (read as the profile form reads
    /// it: "+44 7400 123123", or "07400 123123" in the default region), else its digits, so "7400 12" finds a part.
    /// </summary>
    private string? PhonePart(string? input, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(input)) return null;
        var parsed = MobilePhone.ParseAny(input, accountOptions.Value.DefaultPhoneRegion);
        if (parsed.IsValid) return parsed.E164;
        var digits = new string([.. input.Where(char.IsAsciiDigit)]);
        if (digits.Length == 0 || input.Any(c => !(char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '/' or '.')))
        {
            error = text["Search for a phone number with digits, spaces and + only."];
            return null;
        }
        return input.TrimStart().StartsWith('+') ? "+" + digits : digits;
    }
}
