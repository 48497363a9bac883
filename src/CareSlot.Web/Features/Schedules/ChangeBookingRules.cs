using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

public sealed record BookingRulesRequest(int? MinimumNoticeMinutes, int? HorizonDays);

/// <summary>How soon and how far ahead patients may book; appointments already booked are not affected.</summary>
public sealed class ChangeBookingRules(CareSlotDb db, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text)
{
    /// <summary>A week: notice longer than that is better expressed by not opening the hours.</summary>
    public const int MaximumNoticeMinutes = 7 * 24 * 60;

    public const int MaximumHorizonDays = 365;

    public async Task<Outcome<BookingRulesView>> HandleAsync(int doctorId, BookingRulesRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.MinimumNoticeMinutes is not (>= 0 and <= MaximumNoticeMinutes))
        {
            errors["minimumNoticeMinutes"] = [text["The minimum notice is 0 to {0} minutes.", MaximumNoticeMinutes]];
        }
        if (request.HorizonDays is not (>= 1 and <= MaximumHorizonDays)) errors["horizonDays"] = [text["Patients may book 1 to {0} days ahead.", MaximumHorizonDays]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        // Inside the doctor's lock, so two first changes cannot both insert the doctor's row.
        return await transaction.RunAsync(doctorId, async () =>
        {
            var rules = await db.BookingRules.FirstOrDefaultAsync(r => r.DoctorId == doctorId, ct);
            if (rules is null)
            {
                rules = new BookingRules(doctorId);
                db.BookingRules.Add(rules);
            }
            rules.Change(request.MinimumNoticeMinutes!.Value, request.HorizonDays!.Value);
            await db.SaveChangesAsync(ct);
            return new Outcome<BookingRulesView>(new BookingRulesView(rules.MinimumNoticeMinutes, rules.HorizonDays), null);
        }, ct);
    }
}
