using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Calendar;

/// <summary>
/// A clinic's or a doctor's calendar page: the view and date from the query string, the calendar, or the 400 page with the
/// message next to the field that was wrong (and the form to correct it).
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public abstract class CalendarPageModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "view")]
    public string? Span { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? Date { get; set; }

    public CalendarView? Calendar { get; private set; }

    /// <summary>The clinic's or the doctor's id from the route.</summary>
    public int Id { get; private set; }

    /// <summary>Fields in the order the error summary lists them.</summary>
    public static readonly IReadOnlyList<string> Fields = ["date", "view"];

    /// <summary>The page's own path, which its links and its form add the query to.</summary>
    public abstract string Path(int id);

    protected async Task<IActionResult> ShowAsync(int id, Func<CalendarRequest, Task<Outcome<CalendarView>>> read)
    {
        Id = id;
        if (!ModelState.IsValid) return Refused();
        var outcome = await read(new CalendarRequest(Span, Date));
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { Errors: { } errors })
        {
            // The query's own names ("date", "view"), not a form's "Input." ones: the fields below carry those names.
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages) ModelState.AddModelError(field, message);
            }
            return Refused();
        }
        Calendar = outcome.Value;
        return Page();
    }

    public string? ErrorOf(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>This calendar at another date or view, as a link.</summary>
    public string Link(CalendarSpan span, NodaTime.LocalDate date) =>
        $"{Path(Id)}?view={(span == CalendarSpan.Day ? "day" : "week")}&date={NodaTime.Text.LocalDatePattern.Iso.Format(date)}";
}
