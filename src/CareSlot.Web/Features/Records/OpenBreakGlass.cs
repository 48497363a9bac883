using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Records;

/// <summary>An administrator's request for emergency access: whose record (by e-mail address) and why.</summary>
public sealed record BreakGlassRequest(string? PatientEmail, [property: DataType(DataType.MultilineText)] string? Reason);

/// <summary>
/// Opens break-glass access to one patient's record for <see cref="RecordsOptions.BreakGlassMinutes"/>, with a stated
/// reason, audited in the same transaction. The patient sees it on their history; admins see every opening.
/// </summary>
public sealed class OpenBreakGlass(CareSlotDb db, IClock clock, AuditTrail audit, IOptions<RecordsOptions> options, IStringLocalizer<RecordsText> text)
{
    public const int ReasonMinLength = 20;

    public async Task<Outcome<BreakGlassAccess>> HandleAsync(ClaimsPrincipal admin, BreakGlassRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var email = request.PatientEmail?.Trim();
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(email)) errors["patientEmail"] = [text["Enter the patient's e-mail address."]];
        if (reason is null || reason.Length < ReasonMinLength)
        {
            errors["reason"] = [text["State the emergency in at least {0} characters: the patient will read it.", ReasonMinLength]];
        }
        else if (reason.Length > BreakGlassAccess.ReasonMaxLength)
        {
            errors["reason"] = [text["Keep it under {0} characters.", BreakGlassAccess.ReasonMaxLength]];
        }
        Guid? patientId = null;
        if (!string.IsNullOrEmpty(email))
        {
            var normalized = email.ToUpperInvariant();
            var patientIds = db.UserRoles.Where(r => db.Roles.Any(role => role.Id == r.RoleId && role.Name == Roles.Patient)).Select(r => r.UserId);
            patientId = await db.Users.Where(a => a.NormalizedEmail == normalized && patientIds.Contains(a.Id)).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
            if (patientId is null) errors["patientEmail"] = [text["No patient has that e-mail address."]];
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var now = clock.GetCurrentInstant();
        var access = new BreakGlassAccess(admin.AccountId(), patientId!.Value, reason!, now, now + Duration.FromMinutes(options.Value.BreakGlassMinutes));
        db.BreakGlassAccesses.Add(access);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.BreakGlassOpen, AuditOutcome.Allowed, patientId, $"break-glass {access.Id}"), ct);
            await transaction.CommitAsync(ct);
        });
        return new Outcome<BreakGlassAccess>(access, null);
    }
}
