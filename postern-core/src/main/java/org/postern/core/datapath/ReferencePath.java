package org.postern.core.datapath;

/**
 * The rows of the reference's data path tables
 * ({@code reference/exchange-2007-data-path-security-reference.txt}, as data in
 * {@code reference/datapaths.yaml}): each row's id and its "Data path" text. A
 * {@link DataPath} names the row it carries.
 */
public enum ReferencePath {
    HUB_HUB("hub-hub", "Hub Transport server to Hub Transport server"),
    HUB_EDGE("hub-edge", "Hub Transport server to Edge Transport server"),
    EDGE_HUB("edge-hub", "Edge Transport server to Hub Transport server"),
    EDGE_EDGE("edge-edge", "Edge Transport server to Edge Transport server (other organisations, the Internet)"),
    MAILBOX_HUB_SUBMISSION("mailbox-hub-submission", "Mailbox server to Hub Transport server via the Mail Submission Service"),
    HUB_MAILBOX_DELIVERY("hub-mailbox-delivery", "Hub Transport to Mailbox server via MAPI"),
    UM_HUB("um-hub", "Unified Messaging to Hub Transport"),
    EDGESYNC("edgesync", "Microsoft Exchange EdgeSync service"),
    EDGE_ADAM("edge-adam", "Active Directory Application Mode (ADAM) directory service on Edge Transport server"),
    HUB_DIRECTORY("hub-directory", "Active Directory directory service access from Hub Transport server"),
    CLIENT_SMTP("client-smtp", "End user SMTP client to Hub Transport"),
    CCR_SCR_LOG_SHIPPING("ccr-scr-log-shipping", "Cluster Continuous Replication (CCR) and Standby Continuous Replication (SCR) log shipping"),
    CCR_SCR_SEEDING("ccr-scr-seeding", "CCR and SCR seeding"),
    VSS_BACKUP("vss-backup", "Volume shadow copy service (VSS) backup"),
    LEGACY_BACKUP("legacy-backup", "Legacy Backup"),
    CLUSTERING("clustering", "Clustering"),
    MAPI_ACCESS("mapi-access", "MAPI access"),
    MAILBOX_ASSISTANTS("mailbox-assistants", "Mailbox Assistants"),
    AVAILABILITY_CAS_MAILBOX("availability-cas-mailbox", "Availability Web service (Client Access to Mailbox)"),
    MAILBOX_DIRECTORY("mailbox-directory", "Active Directory access (from Mailbox server)"),
    CONTENT_INDEXING("content-indexing", "Content indexing"),
    ADMIN_REMOTE_REGISTRY("admin-remote-registry", "Admin remote access (Remote Registry)"),
    ADMIN_REMOTE_SMB("admin-remote-smb", "Admin remote access (SMB/File)"),
    RECIPIENT_UPDATE_SERVICE("recipient-update-service", "Recipient Update Service RPC access"),
    AD_TOPOLOGY("ad-topology", "Microsoft Exchange Active Directory Topology service access"),
    SYSTEM_ATTENDANT_LISTEN("system-attendant-listen", "Microsoft Exchange System Attendant service legacy access (Listen to requests)"),
    SYSTEM_ATTENDANT_DIRECTORY("system-attendant-directory", "Microsoft Exchange System Attendant service legacy access to Active Directory"),
    SYSTEM_ATTENDANT_MAPI("system-attendant-mapi", "Microsoft Exchange System Attendant service legacy access (As MAPI client)"),
    OAB_DIRECTORY("oab-directory", "Offline Address Book (OAB) accessing Active Directory"),
    RECIPIENT_UPDATE_DIRECTORY("recipient-update-directory", "Recipient update to Active Directory"),
    DSACCESS_DIRECTORY("dsaccess-directory", "DSAccess to Active Directory"),
    OUTLOOK_OAB_RPC("outlook-oab-rpc", "Outlook accessing Offline Address Book (OAB) (Outlook 2003 and earlier, or web distribution off)"),
    MAILBOX_WEBDAV("mailbox-webdav", "WebDav (Mailbox server)"),
    AUTODISCOVER("autodiscover", "Autodiscover service"),
    AVAILABILITY("availability", "Availability service"),
    OWA("owa", "Outlook Web Access"),
    POP3("pop3", "POP3"),
    IMAP4("imap4", "IMAP4"),
    OUTLOOK_ANYWHERE("outlook-anywhere", "Outlook Anywhere (RPC over HTTP)"),
    ACTIVESYNC("activesync", "Exchange ActiveSync application"),
    CAS_UM("cas-um", "Client Access server to Unified Messaging server"),
    CAS_LEGACY_MAILBOX("cas-legacy-mailbox", "Client Access server to a Mailbox server running an earlier version"),
    CAS_MAILBOX("cas-mailbox", "Client Access server to Exchange 2007 Mailbox server"),
    CAS_CAS_ACTIVESYNC("cas-cas-activesync", "Client Access server to Client Access server (Exchange ActiveSync)"),
    CAS_CAS_OWA("cas-cas-owa", "Client Access server to Client Access server (Outlook Web Access)"),
    CAS_WEBDAV("cas-webdav", "WebDAV (Client Access)"),
    OUTLOOK_OAB_WEB("outlook-oab-web", "Outlook accessing Offline Address Book (OAB) (web distribution enabled)"),
    UM_FAX("um-fax", "Unified Messaging Fax"),
    UM_PHONE("um-phone", "Unified Messaging Phone interaction (PBX)"),
    UM_WEB_SERVICE("um-web-service", "Unified Messaging Web Service"),
    UM_HUB_SUBMISSION("um-hub-submission", "Unified Messaging to Hub Transport"),
    UM_MAILBOX("um-mailbox", "Unified Messaging server to Mailbox server");

    private final String id;
    private final String title;

    ReferencePath(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The row's id in {@code datapaths.yaml}. */
    public String id() {
        return id;
    }

    /** The reference's "Data path" text. */
    public String title() {
        return title;
    }

    public static ReferencePath fromId(String id) {
        for (ReferencePath p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no data path row " + id);
    }
}
