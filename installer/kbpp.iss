; Inno Setup script for KBPP. Build on Windows after PyInstaller (see installer/README.md):
;   iscc /DAppVersion=0.1.0 installer\kbpp.iss
; Installs per user without administrator rights by default; the first page offers an
; all-users install to those who have the rights. The user's database lives in
; %LOCALAPPDATA%\KBPP, never in the program folder, and uninstall never touches it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; Never change the AppId: upgrades and uninstall find the installed copy by it.
AppId={{6E0C5B8A-4F7D-4C47-9B1E-2B8F0D6C1A55}
AppName=KBPP
AppVersion={#AppVersion}
AppVerName=KBPP {#AppVersion}
AppPublisher=Küçükçekmece Belediyesi Strateji Geliştirme Müdürlüğü
DefaultDirName={autopf}\KBPP
DefaultGroupName=KBPP
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputDir=..\dist\installer
OutputBaseFilename=KBPP-{#AppVersion}-kurulum
SetupIconFile=..\resources\icons\kbpp.ico
UninstallDisplayIcon={app}\KBPP.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes

[Languages]
Name: "tr"; MessagesFile: "compiler:Languages\Turkish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
tr.AssocDescription=KBPP paketi
en.AssocDescription=KBPP package
tr.LaunchKBPP=KBPP'yi başlat
en.LaunchKBPP=Start KBPP

[InstallDelete]
; PyInstaller's support files change between versions: remove the old ones on upgrade.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\KBPP\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\KBPP"; Filename: "{app}\KBPP.exe"
Name: "{group}\{cm:UninstallProgram,KBPP}"; Filename: "{uninstallexe}"

[Registry]
; .kbpp files open in KBPP's import dialog (HKA: the current user's or all users' classes).
Root: HKA; Subkey: "Software\Classes\.kbpp"; ValueType: string; ValueName: ""; ValueData: "KBPP.Package"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\KBPP.Package"; ValueType: string; ValueName: ""; ValueData: "{cm:AssocDescription}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\KBPP.Package\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\KBPP.exe,0"
Root: HKA; Subkey: "Software\Classes\KBPP.Package\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\KBPP.exe"" --open-package ""%1"""

[Run]
Filename: "{app}\KBPP.exe"; Description: "{cm:LaunchKBPP}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for user data: databases, backups and logs in %LOCALAPPDATA%\KBPP stay.
