namespace CareSlot.Web.Features.Doctors;

/// <summary>The words of the directory, the doctors' profiles and their registration; DoctorsText.resx holds them, a file per language beside it.</summary>
public sealed class DoctorsText;
