namespace CareSlot.Web.Features.Appointments;

/// <summary>The refusals only the appointment use cases give.</summary>
public static class AppointmentProblems
{
    public static UseCaseProblem SlotTaken() => new(StatusCodes.Status409Conflict, "That time is not free.",
        "Someone else has just taken this time, or it is not bookable. Please choose another slot.");

    public static UseCaseProblem PatientBusy() => new(StatusCodes.Status409Conflict, "You already have an appointment then.",
        "You have another appointment that overlaps this time. Choose another time or cancel the other appointment first.");

    public static UseCaseProblem Changed() => new(StatusCodes.Status409Conflict, "The appointment has just changed.",
        "Someone changed this appointment at the same moment. Reload it and try again.");
}
