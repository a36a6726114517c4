/// The FHIR R4 `endpoint-connection-type` codes (http://terminology.hl7.org/CodeSystem/endpoint-connection-type);
/// `Endpoint.connectionType` must be one of them.
public enum EndpointConnectionType: String, Sendable, Hashable, Codable, CaseIterable {
    case iheXcpd = "ihe-xcpd"
    case iheXca = "ihe-xca"
    case iheXdr = "ihe-xdr"
    case iheXds = "ihe-xds"
    case iheIid = "ihe-iid"
    case dicomWadoRs = "dicom-wado-rs"
    case dicomQidoRs = "dicom-qido-rs"
    case dicomStowRs = "dicom-stow-rs"
    case dicomWadoUri = "dicom-wado-uri"
    case hl7FhirRest = "hl7-fhir-rest"
    case hl7FhirMsg = "hl7-fhir-msg"
    case hl7v2Mllp = "hl7v2-mllp"
    case secureEmail = "secure-email"
    case directProject = "direct-project"

    /// The code system every code belongs to.
    public static let system = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type"
}
