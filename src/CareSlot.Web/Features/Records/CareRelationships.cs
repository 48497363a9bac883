using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Records;

/// <summary>
/// A doctor cares for a patient while they have an appointment together that is not cancelled and is upcoming, or ended
/// within <see cref="RecordsOptions.CareRelationshipMonths"/>. Only then may the doctor read the patient's history
/// and the two message each other.
/// </summary>
public sealed class CareRelationships(CareSlotDb db, IClock clock, IOptions<RecordsOptions> options)
{
    public Task<bool> ExistsAsync(int doctorId, Guid patientId, CancellationToken ct) =>
        Current(db.Appointments).AnyAsync(a => a.DoctorId == doctorId && a.PatientId == patientId, ct);

    /// <summary>The patients a doctor cares for today.</summary>
    public IQueryable<Guid> PatientsOf(int doctorId) =>
        Current(db.Appointments).Where(a => a.DoctorId == doctorId).Select(a => a.PatientId).Distinct();

    /// <summary>The doctors who care for a patient today.</summary>
    public IQueryable<int> DoctorsOf(Guid patientId) =>
        Current(db.Appointments).Where(a => a.PatientId == patientId).Select(a => a.DoctorId).Distinct();

    private IQueryable<Appointment> Current(IQueryable<Appointment> appointments)
    {
        var endedSince = clock.GetCurrentInstant().InUtc().LocalDateTime.PlusMonths(-options.Value.CareRelationshipMonths).InUtc().ToInstant();
        return appointments.Where(a => a.Status != AppointmentStatus.Cancelled && a.End >= endedSince);
    }
}
