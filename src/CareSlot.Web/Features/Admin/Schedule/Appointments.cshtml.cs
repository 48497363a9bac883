using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Admin.Schedule;

/// <summary>Every appointment for administrators: filter, page through in start order, open one.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class AppointmentsModel(AppointmentOversight oversight, CareSlotDb db) : PageModel
{
    public const string Path = "/admin/appointments";

    /// <summary>The filter fields in the order of the form, named as the API's parameters.</summary>
    public static readonly IReadOnlyList<string> Fields = ["clinic", "doctor", "patient", "status", "from", "to"];

    [BindProperty(SupportsGet = true, Name = "clinic")] public string? ClinicFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "doctor")] public string? DoctorFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "patient")] public string? PatientFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? FromFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? ToFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "cursor")] public string? Cursor { get; set; }

    public OversightPage Result { get; private set; } = new([], null, null);
    public bool Searched { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Clinics { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Doctors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Clinics = [.. (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        Doctors = [.. (await db.Doctors.AsNoTracking().OrderBy(d => d.FamilyName).ThenBy(d => d.GivenName)
            .Select(d => new { d.Id, Name = d.Title + " " + d.GivenName + " " + d.FamilyName }).ToListAsync(ct)).Select(d => (d.Id, d.Name.Trim()))];
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var (filter, problem) = oversight.Parse(new AppointmentFilterInput(ClinicFilter, DoctorFilter, PatientFilter, StatusFilter, FromFilter, ToFilter));
        AppointmentCursor? cursor = null;
        if (!string.IsNullOrEmpty(Cursor) && !AppointmentCursor.TryParse(Cursor, out cursor)) ModelState.AddModelError("", oversight.InvalidCursor);
        foreach (var (field, messages) in problem?.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages) ModelState.AddModelError(field, message);
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Result = await oversight.PageAsync(filter!, cursor, ct);
        Searched = true;
    }

    /// <summary>This page with the current filter, at <paramref name="cursor"/>'s page (the first without one).</summary>
    public string Link(AppointmentCursor? cursor)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in Fields.Zip([ClinicFilter, DoctorFilter, PatientFilter, StatusFilter, FromFilter, ToFilter]))
        {
            if (!string.IsNullOrWhiteSpace(value)) query[name] = value.Trim();
        }
        if (cursor is not null) query["cursor"] = cursor.ToString();
        return QueryHelpers.AddQueryString(Path, query);
    }

    public string? ErrorOf(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
