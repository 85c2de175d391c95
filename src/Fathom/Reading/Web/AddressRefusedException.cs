namespace Fathom.Reading.Web;

/// <summary>The fetcher refused to connect to an address: the SSRF guard's verdict, with the reason.</summary>
public sealed class AddressRefusedException(string message) : Exception(message);
