using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Appointments;

/// <summary>The refusals only the appointment use cases give, in the language of the request.</summary>
public static class AppointmentProblems
{
    public static UseCaseProblem SlotTaken(IStringLocalizer<AppointmentsText> text) => new(StatusCodes.Status409Conflict, text["That time is not free."],
        text["Someone else has just taken this time, or it is not bookable. Please choose another slot."]);

    public static UseCaseProblem PatientBusy(IStringLocalizer<AppointmentsText> text) => new(StatusCodes.Status409Conflict, text["You already have an appointment then."],
        text["You have another appointment that overlaps this time. Choose another time or cancel the other appointment first."]);

    public static UseCaseProblem Changed(IStringLocalizer<AppointmentsText> text) => new(StatusCodes.Status409Conflict, text["The appointment has just changed."],
        text["Someone changed this appointment at the same moment. Reload it and try again."]);

    public static UseCaseProblem NotFound(IStringLocalizer<AppointmentsText> text) =>
        UseCaseProblem.NotFound(text["Appointment not found."], text["There is no such appointment you can see."]);

    public static UseCaseProblem DoctorNotFound(IStringLocalizer<AppointmentsText> text) =>
        UseCaseProblem.NotFound(text["Doctor not found."], text["There is no such doctor you can see."]);
}
