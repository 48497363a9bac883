using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Mode is "in-person" (default) or "video"; a type is for new and returning patients unless told otherwise.</summary>
public sealed record AppointmentTypeRequest(string? Name, int? DurationMinutes, int? BufferAfterMinutes, string? Mode,
    bool? ForNewPatients, bool? ForReturningPatients);

/// <summary>An appointment type request that passed every rule.</summary>
internal sealed record ValidAppointmentType(string Name, int DurationMinutes, int BufferAfterMinutes, VisitMode Mode, bool ForNewPatients, bool ForReturningPatients)
{
    public const int NameMaxLength = 100;

    public static Outcome<ValidAppointmentType> From(AppointmentTypeRequest request, IStringLocalizer<SchedulesText> text, IStringLocalizer<WebText> words)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new Dictionary<string, string[]>();
        TextInspector.AddProblems(request, errors, words);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        var name = request.Name?.Trim() ?? "";
        if (InputText.IsBlank(name) || name.Length > NameMaxLength) errors["name"] = [text["Give the type a name of 1 to {0} characters.", NameMaxLength]];
        if (request.DurationMinutes is not (>= AppointmentType.MinimumMinutes and <= AppointmentType.MaximumMinutes))
        {
            errors["durationMinutes"] = [text["The length is {0} to {1} minutes.", AppointmentType.MinimumMinutes, AppointmentType.MaximumMinutes]];
        }
        var buffer = request.BufferAfterMinutes ?? 0;
        if (buffer is < 0 or > AppointmentType.MaximumBufferMinutes) errors["bufferAfterMinutes"] = [text["The buffer is 0 to {0} minutes.", AppointmentType.MaximumBufferMinutes]];
        var mode = VisitMode.InPerson;
        if (request.Mode is not null && !ScheduleText.TryParseMode(request.Mode, out mode)) errors["mode"] = [text["Use \"in-person\" or \"video\"."]];
        var forNew = request.ForNewPatients ?? true;
        var forReturning = request.ForReturningPatients ?? true;
        if (!forNew && !forReturning) errors["forNewPatients"] = [text["Offer the type to new patients, returning patients or both."]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        return new Outcome<ValidAppointmentType>(new ValidAppointmentType(name, request.DurationMinutes!.Value, buffer, mode, forNew, forReturning), null);
    }
}
