namespace CareSlot.Web.Features.Appointments;

/// <summary>The words of booking and of the appointment pages and refusals; AppointmentsText.resx holds them, a file per language beside it.</summary>
public sealed class AppointmentsText;
