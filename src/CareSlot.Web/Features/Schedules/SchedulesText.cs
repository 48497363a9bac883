namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// The words of a doctor's schedule pages and of the schedule use cases' answers; SchedulesText.resx holds them, a file
/// per language beside it. (<see cref="ScheduleText"/> is the machine format of the API's times and days.)
/// </summary>
public sealed class SchedulesText;
