{{/* Names: the release name, or "<release>-confnotes" when the release is named otherwise. */}}
{{- define "confnotes.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "confnotes.databaseCluster" -}}{{ include "confnotes.fullname" . }}-db{{- end -}}
{{- define "confnotes.poolerRw" -}}{{ include "confnotes.fullname" . }}-pooler-rw{{- end -}}
{{- define "confnotes.poolerRo" -}}{{ include "confnotes.fullname" . }}-pooler-ro{{- end -}}
{{- define "confnotes.cache" -}}{{ include "confnotes.fullname" . }}-cache{{- end -}}
{{- define "confnotes.objectStore" -}}{{ include "confnotes.fullname" . }}-backups{{- end -}}
{{/* The Secret that CloudNativePG writes for the application's role. */}}
{{- define "confnotes.databaseAppSecret" -}}{{ include "confnotes.databaseCluster" . }}-app{{- end -}}

{{- define "confnotes.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "confnotes.labels" -}}
{{ include "confnotes.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "confnotes.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/*
A pod that runs as the Dockerfile's user, with the runtime's default seccomp profile.
*/}}
{{- define "confnotes.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* A container that cannot gain privileges, holds no capability and writes only volumes. */}}
{{- define "confnotes.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
{{- end -}}

{{/*
The settings of every confnotes container, web and migration alike. Written into each pod
rather than read from a ConfigMap: a pre-upgrade hook runs before the release's ConfigMaps are
updated, and must migrate with the new settings.

DATABASE_URL goes through the read-write PgBouncer, DATABASE_REPLICA_URLS through the
read-only one; both with the role and password that CloudNativePG keeps in the app Secret
(alphanumeric, so they need no escaping in a URL).
*/}}
{{- define "confnotes.env" -}}
- name: DJANGO_SETTINGS_MODULE
  value: confnotes.settings.production
- name: SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secretKey.secretName }}
      key: {{ .Values.secretKey.key }}
- name: DATABASE_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "confnotes.databaseAppSecret" . }}
      key: username
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "confnotes.databaseAppSecret" . }}
      key: password
- name: DATABASE_URL
  value: postgres://$(DATABASE_USER):$(DATABASE_PASSWORD)@{{ include "confnotes.poolerRw" . }}:5432/{{ .Values.database.name }}
- name: DATABASE_REPLICA_URLS
  value: postgres://$(DATABASE_USER):$(DATABASE_PASSWORD)@{{ include "confnotes.poolerRo" . }}:5432/{{ .Values.database.name }}
- name: CONN_MAX_AGE
  value: {{ .Values.web.connMaxAge | quote }}
- name: REDIS_URL
  value: redis://{{ include "confnotes.cache" . }}:6379/0
- name: ALLOWED_HOSTS
  value: {{ .Values.host | quote }}
- name: CSRF_TRUSTED_ORIGINS
  value: {{ printf "https://%s" .Values.host | quote }}
- name: SECURE_PROXY_SSL_HEADER
  value: HTTP_X_FORWARDED_PROTO,https
- name: TRUSTED_PROXY_COUNT
  value: {{ .Values.ingress.trustedProxyCount | quote }}
{{- range $name, $value := .Values.settings }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Writable places for a read-only root: gunicorn's heartbeat files go to /tmp. */}}
{{- define "confnotes.tmpVolume" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 64Mi
{{- end -}}

{{/* An egress rule to the cluster's name service. */}}
{{- define "confnotes.dnsEgress" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{/* An ingress rule letting Prometheus, in the namespace given, scrape a metrics port. */}}
{{- define "confnotes.metricsIngress" -}}
- from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ .namespace }}
  ports:
    - port: {{ .port }}
      protocol: TCP
{{- end -}}
