namespace CareSlot.Web.Features.Appointments;

/// <summary>
/// Why an appointment use case refused: the HTTP status and words the API answers as problem
/// details and the pages show next to the form. Extensions carry facts like the clinic's phone.
/// </summary>
public sealed record AppointmentProblem(int Status, string Title, string Detail)
{
    public IDictionary<string, string[]>? Errors { get; init; }
    public IDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    public static AppointmentProblem Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", message) { Errors = new Dictionary<string, string[]> { [field] = [message] } };

    public static AppointmentProblem Invalid(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", errors.Values.First()[0]) { Errors = errors };

    public static AppointmentProblem NotFound(string what) => new(StatusCodes.Status404NotFound, $"{what} not found.", $"There is no such {what.ToLowerInvariant()} you can see.");

    public static AppointmentProblem SlotTaken() => new(StatusCodes.Status409Conflict, "That time is not free.",
        "Someone else has just taken this time, or it is not bookable. Please choose another slot.");

    public static AppointmentProblem PatientBusy() => new(StatusCodes.Status409Conflict, "You already have an appointment then.",
        "You have another appointment that overlaps this time. Choose another time or cancel the other appointment first.");

    public static AppointmentProblem Changed() => new(StatusCodes.Status409Conflict, "The appointment has just changed.",
        "Someone changed this appointment at the same moment. Reload it and try again.");
}

/// <summary>A use case's answer: the value, or why not.</summary>
public readonly record struct Outcome<T>(T? Value, AppointmentProblem? Problem)
{
    public static implicit operator Outcome<T>(AppointmentProblem problem) => new(default, problem);
}
