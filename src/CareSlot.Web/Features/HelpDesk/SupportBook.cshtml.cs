using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.DoctorTime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>Support books for a patient who asked: find the doctor, choose a free time, say why.</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class SupportBookModel(SupportAccounts accounts, ActForPatient act, SearchDoctors searchDoctors, GetDoctorProfile profiles, LoadSlotWeek loadSlotWeek, IClock clock,
    IStringLocalizer<DoctorsText> doctorsText, IStringLocalizer<HelpDeskText> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? DoctorQuery { get; set; }

    public SupportAccountView Account { get; private set; } = null!;

    public IReadOnlyList<DoctorSummary>? Doctors { get; private set; }

    public DoctorProfile? Doctor { get; private set; }

    public SlotWeek? Week { get; private set; }

    public string? QueryError { get; private set; }

    public string? ReasonError { get; private set; }

    public string? Problem { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, int? doctor, int? type, string? week, CancellationToken ct) => ShowAsync(id, doctor, type, week, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, int? doctor, int? doctorId, int? appointmentTypeId, string? start, string? reason, string? week,
        CancellationToken ct)
    {
        var outcome = await act.BookAsync(User, id, new SupportBookRequest(doctorId ?? doctor, appointmentTypeId, start, reason), ct);
        if (outcome.Problem is null) return Redirect($"/support/accounts/{id}?done=booked");
        var problem = outcome.Problem;
        if (problem.Errors?.TryGetValue("reason", out var reasonErrors) == true) ReasonError = reasonErrors[0];
        else Problem = problem.Errors is { Count: > 0 } errors ? string.Join(" ", errors.Values.Select(e => e[0])) : $"{problem.Title} {problem.Detail}";
        var page = await ShowAsync(id, doctorId ?? doctor, appointmentTypeId, week, ct);
        if (page is PageResult) Response.StatusCode = problem.Status;
        return page;
    }

    private async Task<IActionResult> ShowAsync(Guid id, int? doctorId, int? typeId, string? week, CancellationToken ct)
    {
        if (await accounts.FindAsync(User, id, ct) is not { IsPatient: true } account) return NotFound();
        Account = account;
        if (DoctorQuery is not null)
        {
            var (search, errors) = SearchDoctorsRequest.From(new DoctorSearchInput(null, null, DoctorQuery, null, null), clock.GetCurrentInstant(), doctorsText);
            if (DoctorQuery.Any(char.IsControl)) QueryError = text["Search with letters, digits and punctuation only."];
            else if (search is null) QueryError = errors.GetValueOrDefault("q")?[0] ?? errors.Values.First()[0];
            else Doctors = (await searchDoctors.HandleAsync(search, ct)).Items;
            if (QueryError is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        if (doctorId is { } chosen)
        {
            var found = await profiles.HandleAsync(chosen, ct);
            if (found is null) return NotFound();
            Doctor = found;
            Week = await loadSlotWeek.HandleAsync(chosen, typeId, week, account.Id, ct);
        }
        return Page();
    }
}
