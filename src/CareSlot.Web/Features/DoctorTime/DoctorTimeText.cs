namespace CareSlot.Web.Features.DoctorTime;

/// <summary>The words of the slot week and of the slot search; DoctorTimeText.resx holds them, a file per language beside it.</summary>
public sealed class DoctorTimeText;
