using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Working hours and appointment types for listed doctors who have none yet, so the demo directory can be booked.</summary>
public static class ScheduleDemoData
{
    public static async Task<int> ApplyAsync(CareSlotDb db, CancellationToken ct)
    {
        var doctorsWithoutSchedule = await db.Doctors
            .Where(d => d.IsListed && !db.WeeklyHours.Any(h => h.DoctorId == d.Id))
            .Select(d => new { d.Id, ClinicIds = d.Clinics.OrderBy(c => c.Id).Select(c => c.Id).ToList() })
            .ToListAsync(ct);

        foreach (var doctor in doctorsWithoutSchedule)
        {
            if (doctor.ClinicIds.Count == 0) continue;
            var main = doctor.ClinicIds[0];
            foreach (var day in new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday })
            {
                db.WeeklyHours.Add(new WeeklyHours(doctor.Id, main, WeeklyHoursKind.Working, day, new LocalTime(9, 0), new LocalTime(17, 0)));
                db.WeeklyHours.Add(new WeeklyHours(doctor.Id, main, WeeklyHoursKind.Break, day, new LocalTime(12, 30), new LocalTime(13, 30)));
            }
            if (doctor.ClinicIds.Count > 1)
            {
                db.WeeklyHours.Add(new WeeklyHours(doctor.Id, doctor.ClinicIds[1], WeeklyHoursKind.Working, IsoDayOfWeek.Saturday,
                    new LocalTime(9, 0), new LocalTime(13, 0)));
            }
            db.AppointmentTypes.Add(new AppointmentType(doctor.Id, "Consultation", 20, 5, VisitMode.InPerson, forNewPatients: true, forReturningPatients: true));
            db.AppointmentTypes.Add(new AppointmentType(doctor.Id, "First visit", 40, 10, VisitMode.InPerson, forNewPatients: true, forReturningPatients: false));
            db.AppointmentTypes.Add(new AppointmentType(doctor.Id, "Video follow-up", 15, 0, VisitMode.Video, forNewPatients: false, forReturningPatients: true));
        }

        return await db.SaveChangesAsync(ct);
    }
}
