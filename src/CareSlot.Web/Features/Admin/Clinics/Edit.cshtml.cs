using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>One clinic: its details and rules, its doctors (assign, unassign), and retiring or reinstating it.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class EditModel(ClinicQueries queries, SaveClinic save, RetireClinic retire, ReinstateClinic reinstate, AssignDoctor assign,
    UnassignDoctor unassign, IStringLocalizer<AdminText> text) : PageModel
{
    [BindProperty]
    public ClinicInput Input { get; set; } = new();

    public ClinicDetails Clinic { get; private set; } = null!;

    public IReadOnlyList<ClinicDoctor> Others { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>Why the last retire or unassign was refused, and the appointments in its way.</summary>
    public UseCaseProblem? Refusal { get; private set; }

    public IReadOnlyList<ClinicAppointment> Blocking { get; private set; } = [];

    public string? AssignError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = ClinicInput.From(Clinic);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await save.UpdateAsync(id, Input.ToRequest(), ct);
            if (outcome.Problem is null) return Done(id, text["The clinic is saved."]);
            if (outcome.Problem.Status == StatusCodes.Status404NotFound) return NotFound();
            ModelState.AddProblem(outcome.Problem);
        }
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(int id, CancellationToken ct) =>
        await AfterAsync(id, await retire.HandleAsync(id, ct), text["The clinic is retired: it and its hours have left the directory and booking."], ct);

    public async Task<IActionResult> OnPostReinstateAsync(int id, CancellationToken ct) =>
        await AfterAsync(id, await reinstate.HandleAsync(id, ct), text["The clinic is open again."], ct);

    public async Task<IActionResult> OnPostAssignAsync(int id, int? doctorId, CancellationToken ct) =>
        await AfterAsync(id, await assign.HandleAsync(id, doctorId, ct), text["The doctor now works at this clinic."], ct);

    public async Task<IActionResult> OnPostUnassignAsync(int id, int doctorId, CancellationToken ct) =>
        await AfterAsync(id, await unassign.HandleAsync(id, doctorId, ct), text["The doctor no longer works at this clinic."], ct);

    private async Task<IActionResult> AfterAsync(int id, Outcome<ClinicDetails> outcome, string done, CancellationToken ct)
    {
        if (outcome.Problem is null) return Done(id, done);
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = ClinicInput.From(Clinic);
        // The form's own fields were not posted: only this action's refusal is shown.
        ModelState.Clear();
        if (outcome.Problem.Errors is { } errors) AssignError = errors.Values.First()[0];
        else
        {
            Refusal = outcome.Problem;
            Blocking = RetireClinic.AppointmentsOf(outcome.Problem);
        }
        Response.StatusCode = outcome.Problem.Status;
        return Page();
    }

    private LocalRedirectResult Done(int id, string message)
    {
        Message = message;
        return LocalRedirect($"/admin/clinics/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } clinic) return false;
        Clinic = clinic;
        Others = await queries.OthersAsync(id, ct);
        return true;
    }
}
