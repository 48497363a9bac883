using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Records;

/// <summary>The patients a doctor cares for today, searchable by name, each linking to their chart.</summary>
[Authorize(Policy = AccountPolicies.DoctorWithSecondFactor)]
public sealed class MyPatientsModel(CareSlotDb db, DoctorPatients patients, IOptions<RecordsOptions> options) : PageModel
{
    public const int NameMaxLength = 100;

    [BindProperty(SupportsGet = true, Name = "name")]
    public string? Name { get; set; }

    public IReadOnlyList<CarePatient> Patients { get; private set; } = [];
    public int CareMonths => options.Value.CareRelationshipMonths;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { DoctorId: int doctorId }) return NotFound();
        if (Name?.Length > NameMaxLength) Name = Name[..NameMaxLength];
        Patients = await patients.SearchAsync(doctorId, Name, ct);
        return Page();
    }
}
