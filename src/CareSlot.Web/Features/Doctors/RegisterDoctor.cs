using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Doctors;

public sealed record RegisterDoctorRequest(
    string? FullName, string? DateOfBirth, string? Email, string? Phone, string? Password, bool AcceptTerms,
    string? LicenceNumber, IReadOnlyList<string>? Specialties, int? ClinicId)
{
    // A method, not a property: a property would be serialized, and the OpenAPI document would offer it to clients as a field to send.
    public RegisterPatientRequest ToPersonRequest() => new(FullName, DateOfBirth, Email, Phone, Password, AcceptTerms);
}

/// <summary>
/// A doctor registers like a patient, plus licence number, specialties and clinic. The account and a
/// pending, unlisted directory entry are created together; an administrator approves before it is listed.
/// </summary>
public sealed class RegisterDoctor(RegisterPatient registration, CareSlotDb db, IStringLocalizer<DoctorsText> text, IStringLocalizer<WebText> words)
{
    public async Task<RegistrationResult> HandleAsync(RegisterDoctorRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        // The form hands everything to this use case, so it checks the text itself before any of it reaches a query.
        TextInspector.AddProblems(request, errors, words);
        if (errors.Count > 0) return new(null, errors);
        var licence = request.LicenceNumber?.Trim() ?? "";
        if (licence.Length == 0) errors["licenceNumber"] = [text["Enter your professional licence number."]];
        else if (licence.Length > 64) errors["licenceNumber"] = [text["The licence number must be at most {0} characters.", 64]];

        var slugs = (request.Specialties ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim().ToLowerInvariant()).Distinct().ToList();
        var specialties = slugs.Count == 0 ? [] : await db.Specialties.Where(s => slugs.Contains(s.Slug)).ToListAsync(ct);
        if (slugs.Count == 0) errors["specialties"] = [text["Choose at least one specialty."]];
        else if (specialties.Count != slugs.Count) errors["specialties"] = [text["Choose specialties from the list."]];

        var clinic = request.ClinicId is int clinicId ? await db.Clinics.SingleOrDefaultAsync(c => c.Id == clinicId && c.RetiredAt == null, ct) : null;
        if (clinic is null) errors["clinicId"] = [text["Choose the clinic where you practise."]];

        return await registration.RegisterAsync(request.ToPersonRequest(), Roles.Doctor, errors, account =>
        {
            var doctor = Doctor.Pending(account.Id, account.FullName, licence);
            doctor.Specialties.AddRange(specialties);
            doctor.Clinics.Add(clinic!);
            doctor.RefreshSearchKey();
            db.Doctors.Add(doctor);
        }, ct);
    }
}
